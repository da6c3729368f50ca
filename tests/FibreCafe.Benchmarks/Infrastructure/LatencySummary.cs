using System.Globalization;

namespace FibreCafe.Benchmarks.Infrastructure;

/// <summary>Percentiles of a set of latencies in milliseconds (nearest-rank).</summary>
internal readonly record struct LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        if (sorted.Length == 0)
        {
            return default;
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1]);
    }

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0:0.0} / {1:0.0} / {2:0.0} ms", P50, P99, Max);

    private static double Rank(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
