using System.Diagnostics;
using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>
/// Where a PostgreSQL claim's time goes, from the product's own calls: Npgsql's activity per command (its
/// <c>ActivitySource</c> "Npgsql") gives each statement's time as the client saw it (sent, run, answered); what is left
/// of the claim is the pool, BEGIN and the COMMIT with its WAL flush. A diagnostic of the growth command, printed when
/// <c>FIBRECAFE_BENCH_CLAIM_STEPS=1</c>; claims run one at a time, so every command seen during one is the claim's.
/// </summary>
internal sealed class ClaimSteps : IDisposable
{
    public const string Variable = "FIBRECAFE_BENCH_CLAIM_STEPS";

    private readonly ActivityListener _listener;
    private readonly List<double> _current = [];
    private readonly List<(double Total, double[] Commands)> _claims = [];
    private readonly object _gate = new();
    private volatile bool _recording;

    private ClaimSteps()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (_recording)
                {
                    lock (_gate)
                    {
                        _current.Add(activity.Duration.TotalMilliseconds);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>A recorder when <see cref="Variable"/> is 1, else <see langword="null"/>.</summary>
    public static ClaimSteps? StartIfAsked() => Environment.GetEnvironmentVariable(Variable) == "1" ? new ClaimSteps() : null;

    public void BeginClaim()
    {
        lock (_gate)
        {
            _current.Clear();
        }

        _recording = true;
    }

    public void EndClaim(double totalMs)
    {
        _recording = false;
        lock (_gate)
        {
            _claims.Add((totalMs, [.. _current]));
        }
    }

    /// <summary>p50 / p99 / max of each statement, of the rest, and the ten slowest claims in full.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var statements = _claims.Count == 0 ? 0 : _claims.Max(c => c.Commands.Length);
        for (var i = 0; i < statements; i++)
        {
            var step = _claims.Where(c => c.Commands.Length > i).Select(c => c.Commands[i]).ToList();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"   claim statement {i + 1}: {LatencySummary.Of(step)} ({step.Count:N0} claims)"));
        }

        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"   rest of the claim (pool, BEGIN, COMMIT and its WAL flush): {LatencySummary.Of(_claims.Select(c => c.Total - c.Commands.Sum()))}"));
        foreach (var (total, commands) in _claims.OrderByDescending(c => c.Total).Take(10))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"   slow claim {total:0.00} ms: statements {string.Join(" + ", commands.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))} ms, rest {total - commands.Sum():0.00} ms"));
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();
}
