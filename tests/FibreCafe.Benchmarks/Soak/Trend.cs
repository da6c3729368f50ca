using System.Globalization;

namespace FibreCafe.Benchmarks.Soak;

/// <summary>
/// A least-squares line through (hours, value) points and the verdict "flat": the growth the line projects over one
/// hour is at most the larger of 10 % of the mean and the noise, taken as twice the standard deviation of the points
/// around the line (what a flat series of this scatter could show as a slope by chance is of that order). Only growth
/// counts: a falling line is flat.
/// </summary>
internal readonly record struct Trend(int Points, double Mean, double SlopePerHour, double Noise)
{
    public const double RelativeAllowance = 0.10;

    public double Allowed => Math.Max(RelativeAllowance * Math.Abs(Mean), Noise);

    public bool Flat => SlopePerHour <= Allowed;

    public static Trend? Fit(IReadOnlyList<(double Hours, double Value)> points)
    {
        if (points.Count < 3 || points[^1].Hours - points[0].Hours <= 0)
        {
            return null;
        }

        var meanX = points.Average(p => p.Hours);
        var meanY = points.Average(p => p.Value);
        var sxx = points.Sum(p => (p.Hours - meanX) * (p.Hours - meanX));
        var sxy = points.Sum(p => (p.Hours - meanX) * (p.Value - meanY));
        var slope = sxy / sxx;
        var residuals = points.Select(p => p.Value - (meanY + slope * (p.Hours - meanX))).ToList();
        var sigma = Math.Sqrt(residuals.Sum(r => r * r) / Math.Max(1, points.Count - 2));
        return new Trend(points.Count, meanY, slope, 2 * sigma);
    }

    /// <summary>Describes the trend in the given unit, e.g. <c>+1.2 MB/h (mean 80.0 MB, noise 2.0 MB, allowed 8.0 MB)</c>.</summary>
    public string Describe(string unit) => string.Create(CultureInfo.InvariantCulture,
        $"{SlopePerHour:+0.0;-0.0;0.0} {unit}/h (mean {Mean:0.0} {unit}, noise ±{Noise:0.0} {unit}, allowed {Allowed:0.0} {unit}; {Points} points)");
}
