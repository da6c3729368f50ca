using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Soak;

/// <summary>
/// The soak's figures: each 10-second sample with the latencies of the requests scheduled in the 10 s before it,
/// the same per minute, and the trends after the warm-up. Writes <c>soak.tsv</c>, <c>soak.md</c>, <c>soak.png</c>
/// and the goal rows.
/// </summary>
internal sealed class SoakReport
{
    private const double Mb = 1024 * 1024;

    private readonly SoakCommand.Options _options;
    private readonly SoakLoad _load;
    private readonly List<Sample> _samples;
    private readonly SampleReceiver _receiver;
    private readonly TimeSpan? _ahead;
    private readonly List<WindowRow> _windows = [];
    private readonly List<MinuteRow> _minutes = [];

    public SoakReport(SoakCommand.Options options, SoakLoad load, List<Sample> samples, SampleReceiver receiver, TimeSpan? ahead)
    {
        (_options, _load, _samples, _receiver, _ahead) = (options, load, samples, receiver, ahead);
        for (var i = 1; i < samples.Count; i++)
        {
            var (latencies, failed) = load.Window(samples[i - 1].Seconds, samples[i].Seconds);
            _windows.Add(new WindowRow(samples[i], LatencySummary.Of(latencies), failed));
        }

        for (var m = 0; m * 60 < options.Minutes * 60 - 1; m++)
        {
            var (latencies, failed) = load.Window(m * 60, (m + 1) * 60.0);
            var inMinute = samples.Where(s => s.Seconds > m * 60 && s.Seconds <= (m + 1) * 60 + 1).ToList();
            var last = inMinute.Count > 0 ? inMinute[^1] : samples[^1];
            var before = samples.LastOrDefault(s => s.Seconds <= m * 60 + 1) ?? samples[0];
            _minutes.Add(new MinuteRow(m + 1, LatencySummary.Of(latencies), failed, last, last.Deleted - before.Deleted));
        }
    }

    /// <summary>Gets the first minute counted in the trends: the warm-up (5 min), or half of a shorter run.</summary>
    private double WarmupMinutes => Math.Min(_options.WarmupMinutes, Math.Floor(_options.Minutes / 2));

    public void Write()
    {
        var results = _options.ResultsDirectory;
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "soak.tsv"), Tsv());
        var after = _windows.Where(w => w.Sample.Seconds > WarmupMinutes * 60).ToList();
        var rss = Trend.Fit(after.Select(w => (w.Sample.Seconds / 3600, w.Sample.RssBytes / Mb)).ToList());
        var handles = Trend.Fit(after.Select(w => (w.Sample.Seconds / 3600, (double)w.Sample.Handles)).ToList());
        var files = Trend.Fit(after.Select(w => (w.Sample.Seconds / 3600, (double)(w.Sample.Handles - w.Sample.Sockets))).ToList());
        var threads = Trend.Fit(after.Select(w => (w.Sample.Seconds / 3600, (double)w.Sample.Threads)).ToList());

        // p99 per minute when there are enough minutes after the warm-up, else per 10 s window (a short run).
        var minutesAfter = _minutes.Where(m => m.Minute > WarmupMinutes && m.Latency.Count > 0).ToList();
        var p99ByMinute = minutesAfter.Count >= 5;
        var p99 = p99ByMinute
            ? Trend.Fit(minutesAfter.Select(m => ((m.Minute - 0.5) / 60, m.Latency.P99)).ToList())
            : Trend.Fit(after.Where(w => w.Latency.Count > 0).Select(w => (w.Sample.Seconds / 3600, w.Latency.P99)).ToList());

        // The file is bounded once a clean-up has run past a whole retention: from retention + one interval on.
        var steadyFrom = _options.RetentionMinutes + SoakCommand.CleanupInterval.TotalMinutes;
        var steady = _samples.Where(s => s.Seconds >= steadyFrom * 60).ToList();
        var file = Trend.Fit(steady.Select(s => (s.Seconds / 3600, s.FileBytes / Mb)).ToList());

        var md = new StringBuilder();
        Header(md);
        Goal(md, "Soak: receiver RSS flat after the warm-up", rss, "MB");
        Goal(md, "Soak: p99 latency flat after the warm-up", p99, "ms", p99ByMinute ? "per minute" : "per 10 s window (run too short for minutes)");
        FileGoal(md, file, steadyFrom);
        md.AppendLine(CultureInfo.InvariantCulture, $"- Handles (entries of `/proc/PID/fd`) after the warm-up: {Describe(handles, "fds")}; those that are not sockets (files, pipes, event fds: the sockets are mostly the driver's connections, which open and close with latency): {Describe(files, "fds")}; threads: {Describe(threads, "threads")} (reported, not goals).");
        var failed = _load.Errors + _load.Dropped;
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- KCIs: {_load.Scheduled:N0} scheduled, {_load.Scheduled - failed:N0} answered 204, {_load.Errors:N0} errors, {_load.Dropped:N0} dropped (over 2,000 in flight){(_load.FirstError is { } first ? $"; first error: `{first}`" : string.Empty)}; {_receiver.Events:N0} event lines printed by the sample; {_receiver.Deleted:N0} done KCIs deleted by {_receiver.DeletionRuns:N0} clean-up runs, and {_receiver.EntitiesDeleted:N0} quiet entities' states; {_receiver.WarningCount:N0} warnings or errors in its log{(_receiver.FirstWarnings.Count > 0 ? $" (first: `{_receiver.FirstWarnings[0]}`)" : string.Empty)}.");
        Goals.Append(results, "Soak: every KCI answered 204 (no errors, none dropped)", "0 failed", string.Create(CultureInfo.InvariantCulture, $"{failed:N0} of {_load.Scheduled:N0}"), failed == 0);
        md.AppendLine();
        md.AppendLine("![soak: RSS, handles, p99 per minute, SQLite file size](soak.png)");
        md.AppendLine();
        MinuteTable(md);
        File.WriteAllText(Path.Combine(results, "soak.md"), md.ToString());
        SoakChart.Write(Path.Combine(results, "soak.png"), _windows, _minutes, WarmupMinutes, steadyFrom, Title());
        Console.WriteLine(md.ToString());
    }

    private void Header(StringBuilder md)
    {
        md.AppendLine("### Soak: an hour of traffic against the sample receiver");
        md.AppendLine();
        var clock = _ahead is { } ahead
            ? string.Create(CultureInfo.InvariantCulture, $"the product's minimum `DoneRetention` is 1 hour, so the sample runs with `DoneRetention` 01:00:00 and its retention service alone on a clock {ahead.TotalMinutes:0.#} min ahead (a startup hook, `Soak/StartupHook.cs`): it deletes done KCIs older than {_options.RetentionMinutes:0.#} real minutes")
            : "no clock change: the retention is at least the product's minimum of 1 hour";
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{Title()}. The sample receiver `samples/FibreCafe.Samples.KciReceiver` (Release build, its own process, Serilog and the JSON line per dispatched event as it ships; configured through its environment only: Basic credentials, `FibreCafe:Kci:Store:Path` in a temporary folder, `Store:DoneRetention` and `Store:EntityStateRetention` alike, `Store:CleanupInterval` {SoakCommand.CleanupInterval:c}); {clock}. Open loop of unique KCIs (the receiver load's 544-byte `order-acknowledged` body, Basic auth), latency from each request's scheduled time. Every {SoakCommand.SampleSeconds} s: VmRSS, entries of `/proc/PID/fd`, threads, size of the SQLite file and its WAL.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Trends are least-squares lines over the samples after minute {WarmupMinutes:0.#} (the warm-up), in units per hour. A series is **flat** when the growth the line projects over one hour is at most the larger of 10 % of its mean and its noise (twice the standard deviation of the points around the line); a falling line is flat. The file is **bounded** when, from minute {_options.RetentionMinutes + SoakCommand.CleanupInterval.TotalMinutes:0.#} on (a whole retention and one clean-up interval after the start), its size is flat by the same rule and the clean-up deleted KCIs.");
        md.AppendLine();
    }

    private string Title() => string.Create(CultureInfo.InvariantCulture,
        $"{_options.Rate:N0} KCI/s for {_options.Minutes:0.#} min, done KCIs kept {_options.RetentionMinutes:0.#} min, clean-up every {SoakCommand.CleanupInterval.TotalMinutes:0} min");

    private void Goal(StringBuilder md, string goal, Trend? trend, string unit, string? how = null)
    {
        var target = "growth over 1 h ≤ max(10 % of mean, noise)";
        var suffix = how is null ? string.Empty : $", {how}";
        var measured = trend is { } t ? t.Describe(unit) + suffix : "run too short for a trend";
        var result = trend is { } r ? (r.Flat ? "pass" : "FAIL") : "n/a";
        md.AppendLine(CultureInfo.InvariantCulture, $"- **{goal}**: {measured}: **{result}**");
        Goals.Append(_options.ResultsDirectory, goal, target, measured, result);
    }

    private void FileGoal(StringBuilder md, Trend? trend, double steadyFrom)
    {
        const string Goal = "Soak: SQLite file (db + WAL) bounded by the retention";
        var kept = _options.Rate * 60 * (_options.RetentionMinutes + SoakCommand.CleanupInterval.TotalMinutes);
        var end = _samples[^1];
        var perKci = end.DbBytes / kept;
        var measured = trend is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{t.Describe("MB")} from minute {steadyFrom:0.#}; at the end {end.DbBytes / Mb:0.0} MB + WAL {end.WalBytes / Mb:0.0} MB (about {perKci:N0} B per KCI of the at most {kept:N0} kept); {_receiver.Deleted:N0} deleted")
            : string.Create(CultureInfo.InvariantCulture, $"run too short (the file can only level off from minute {steadyFrom:0.#}); at the end {end.DbBytes / Mb:0.0} MB + WAL {end.WalBytes / Mb:0.0} MB; {_receiver.Deleted:N0} deleted");
        var result = trend is { } r ? (r.Flat && _receiver.Deleted > 0 ? "pass" : "FAIL") : "n/a";
        md.AppendLine(CultureInfo.InvariantCulture, $"- **{Goal}**: {measured}: **{result}**");
        Goals.Append(_options.ResultsDirectory, Goal, "flat (as above) once a retention has passed, KCIs deleted", measured, result);
    }

    private static string Describe(Trend? trend, string unit) => trend is { } t ? t.Describe(unit) : "run too short for a trend";

    private void MinuteTable(StringBuilder md)
    {
        md.AppendLine("| minute | answered | failed | p50 / p99 / max | RSS | fds (sockets) | threads | db + WAL | deleted in minute | load avg |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in _minutes)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Minute} | {m.Latency.Count:N0} | {m.Failed:N0} | {m.Latency.P50:0.0} / {m.Latency.P99:0.0} / {m.Latency.Max:0} ms | {m.Last.RssBytes / Mb:0.0} MB | {m.Last.Handles} ({m.Last.Sockets}) | {m.Last.Threads} | {m.Last.DbBytes / Mb:0.0} + {m.Last.WalBytes / Mb:0.0} MB | {m.Deleted:N0} | {m.Last.LoadAverage:0.00} |");
        }

        md.AppendLine();
        md.AppendLine("RSS, fds, threads, sizes and the machine's 1-minute load average are the last sample of each minute; raw samples every 10 s: `soak.tsv`.");
        md.AppendLine();
    }

    private string Tsv()
    {
        var tsv = new StringBuilder("seconds\trss_mb\thandles\tsockets\tthreads\tdb_mb\twal_mb\tevents\tdeleted\tanswered\tfailed\tp50_ms\tp99_ms\tmax_ms\tload_avg\n");
        foreach (var w in _windows)
        {
            var s = w.Sample;
            tsv.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Seconds:0.0}\t{s.RssBytes / Mb:0.00}\t{s.Handles}\t{s.Sockets}\t{s.Threads}\t{s.DbBytes / Mb:0.00}\t{s.WalBytes / Mb:0.00}\t{s.Events}\t{s.Deleted}\t{w.Latency.Count}\t{w.Failed}\t{w.Latency.P50:0.00}\t{w.Latency.P99:0.00}\t{w.Latency.Max:0.00}\t{s.LoadAverage:0.00}");
        }

        return tsv.ToString();
    }
}

/// <summary>A 10-second sample with the latencies of the requests scheduled since the one before.</summary>
internal sealed record WindowRow(Sample Sample, LatencySummary Latency, int Failed);

/// <summary>One minute of the soak: its requests' latencies, its last sample, the clean-up's deletions in it.</summary>
internal sealed record MinuteRow(int Minute, LatencySummary Latency, int Failed, Sample Last, long Deleted);
