using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Benchmarks.Receiver;

/// <summary>
/// The <c>receiver</c> command: starts the receiver host in its own process (Server GC, as an ASP.NET Core app
/// has by default), then drives, in one run and with the same driver: closed-loop throughput against the no-op
/// endpoint and against <c>POST /kcis</c> (unique KCIs, Basic auth, SQLite store in a temporary folder), and
/// open-loop latency at a fixed rate against both. It samples the host's resident memory throughout, checks
/// that every acknowledged KCI is in the database, and writes <c>receiver[-label].md</c>.
/// </summary>
internal static class ReceiverCommand
{
    public const double MinThroughputRatio = 0.40;
    public const double MaxP99Milliseconds = 25;
    public const long MaxPeakRssBytes = 200L * 1024 * 1024;

    public static async Task<int> RunAsync(Options options)
    {
        var folder = Directory.CreateTempSubdirectory("fibrecafe-bench-");
        var database = Path.Combine(folder.FullName, "kci.db");
        try
        {
            return await RunAsync(options, database);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(Options options, string database)
    {
        var environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = options.ServerGc ? "1" : "0" };
        foreach (var setting in (options.HostEnvironment ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (setting.Split('=', 2) is [var name, var value])
            {
                environment[name] = value; // profiling aid, e.g. DOTNET_PerfMapEnabled=1,DOTNET_TieredPGO=0
            }
        }

        var phases = new List<Phase>();
        var notes = new List<string>();
        long acknowledged = 0;
        (long Peak, long Current) memory;
        long startRss;
        double sustained;
        var drainedAll = true;
        var kcis = new KciRequestFactory("/kcis");
        var noop = new KciRequestFactory("/noop");

        var stats = new RuntimeStats();
        string[] hostArguments =
        [
            "--store", options.Store, "--db", database, "--stats",
            .. options.Dispatch ? Array.Empty<string>() : ["--no-dispatch"],
            .. options.DispatchConcurrency is { } concurrency ? ["--dispatch-concurrency", concurrency.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        ];
        using (var host = ChildServer.Start("serve-receiver", environment, stats.OnLine, hostArguments))
        using (var control = new HttpClient { BaseAddress = host.Url })
        using (var driver = new LoadDriver(host.Url))
        using (var sampler = new RssSampler(host.ProcessId))
        {
            startRss = host.ReadMemory().Current;
            Console.WriteLine($"receiver host {host.Url} (pid {host.ProcessId}), store {options.Store}, Server GC {options.ServerGc}, RSS at start {Mb(startRss)}");

            async Task<Phase> Run(Func<Task<LoadResult>> run, bool kci)
            {
                sampler.ResetPhase();
                stats.ResetPhase();
                var result = await run();
                var phase = new Phase(result, sampler.PhasePeak, stats.Summarize(result.Throughput));
                phases.Add(phase);
                if (kci)
                {
                    acknowledged += result.Succeeded;
                }

                Console.WriteLine($"{result.Name,-8} {result.Mode,-32} {result.Succeeded,8:N0} ok {result.Errors,5:N0} errors {result.Dropped,5:N0} dropped {result.Throughput,9:N0}/s  p50/p99/max {result.Latency}  peak RSS {Mb(phase.PeakRss)}{(result.FirstError is null ? string.Empty : "  first error: " + result.FirstError)}");
                Console.WriteLine($"         host: {phase.HostStats}");
                if (result.SlowPerSecond is { } slow)
                {
                    Console.WriteLine($"         answers over 25 ms in each second: {slow}");
                }
                return phase;
            }

            async Task<TimeSpan> Drain(string when)
            {
                // Let the dispatcher empty the backlog so that each phase starts from the same state (bounded wait).
                var clock = Stopwatch.StartNew();
                long pending = await PendingAsync(control), backlog = pending;
                if (!options.Dispatch)
                {
                    // Nothing would drain it: the backlog grows through the run, as the intake alone leaves it.
                    var off = $"backlog {when}: {pending:N0} KCIs pending (dispatcher off, not drained)";
                    notes.Add(off);
                    Console.WriteLine("         " + off);
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    return TimeSpan.Zero;
                }

                while (pending > 0 && clock.Elapsed < TimeSpan.FromSeconds(options.DrainSeconds))
                {
                    await Task.Delay(200);
                    pending = await PendingAsync(control);
                }

                drainedAll &= pending == 0;
                var note = pending == 0
                    ? $"backlog {when} ({backlog:N0} KCIs) drained by the dispatcher in {clock.Elapsed.TotalSeconds:0.0} s"
                    : $"backlog {when}: {pending:N0} of {backlog:N0} KCIs still pending after {options.DrainSeconds} s (the dispatcher is slower than the intake)";
                notes.Add(note);
                Console.WriteLine("         " + note);
                var drained = clock.Elapsed;

                // The store's checkpoint of what was just dispatched runs within ~200 ms; it must not run in the next phase.
                await Task.Delay(TimeSpan.FromSeconds(1));
                return drained;
            }

            // Warm-up: JIT, connections, SQLite pages. Not reported.
            await driver.ClosedLoopAsync("warm-up", noop.Create, HttpStatusCode.NoContent, options.Concurrency, TimeSpan.FromSeconds(2), 50_000);
            acknowledged += (await driver.ClosedLoopAsync("warm-up", kcis.Create, HttpStatusCode.NoContent, options.Concurrency, TimeSpan.FromSeconds(2), 50_000)).Succeeded;
            await Drain("after the warm-up");

            // Latency at a fixed rate first, from a drained inbox: the steady state the goal is about.
            var duration = TimeSpan.FromSeconds(options.Seconds);
            var openNoop = await Run(() => driver.OpenLoopAsync("no-op", noop.Create, HttpStatusCode.NoContent, options.Rate, duration, maxInFlight: 10_000), kci: false);
            var openKcis = await Run(() => driver.OpenLoopAsync("/kcis", kcis.Create, HttpStatusCode.NoContent, options.Rate, duration, maxInFlight: 10_000), kci: true);
            await Drain($"after {options.Rate:N0}/s for {options.Seconds} s");

            // Throughput: alternate no-op and /kcis slices so that drift on a shared machine hits both alike. Each
            // no-op slice starts from a drained inbox: the dispatcher's catching up must not slow the no-op down.
            var slice = TimeSpan.FromSeconds(options.SliceSeconds);
            var closedNoop = new List<Phase>();
            var closedKcis = new List<Phase>();
            var draining = TimeSpan.Zero;
            for (var round = 1; round <= options.Rounds; round++)
            {
                if (round > 1)
                {
                    draining += await Drain($"after /kcis slice {round - 1}");
                }

                closedNoop.Add(await Run(() => driver.ClosedLoopAsync("no-op", noop.Create, HttpStatusCode.NoContent, options.Concurrency, slice, options.MaxRequests), kci: false));
                closedKcis.Add(await Run(() => driver.ClosedLoopAsync("/kcis", kcis.Create, HttpStatusCode.NoContent, options.Concurrency, slice, options.MaxRequests), kci: true));
            }

            draining += await Drain("after the throughput rounds");
            var kciSlices = closedKcis.Select(p => p.Result).ToList();
            sustained = kciSlices.Sum(r => r.Succeeded) / (kciSlices.Sum(r => r.Elapsed.TotalSeconds) + draining.TotalSeconds);
            memory = host.ReadMemory();
            phases.Clear();
            phases.Add(openNoop);
            phases.Add(openKcis);
            phases.Add(Combine(closedNoop));
            phases.Add(Combine(closedKcis));
        }

        var stored = options.Store.StartsWith("sqlite", StringComparison.Ordinal) ? await CountStoredAsync(database) : ((long?)null, (string?)null);
        return Write(options, phases, notes, acknowledged, stored, memory, startRss, kcis.Created, sustained, drainedAll);

        static Phase Combine(List<Phase> slices) => new(
            LoadResult.Combine(slices.Select(p => p.Result).ToList(), $"{slices.Count} slices"), slices.Max(p => p.PeakRss), slices[^1].HostStats);
    }

    /// <summary>One reported phase: the driver's figures, the host's peak RSS during it, and its runtime counters.</summary>
    private sealed record Phase(LoadResult Result, long PeakRss, string HostStats);

    private static async Task<long> PendingAsync(HttpClient control) =>
        long.Parse(await control.GetStringAsync(new Uri("/_bench/inbox", UriKind.Relative)), CultureInfo.InvariantCulture);

    private static int Write(
        Options options, List<Phase> phases, List<string> notes, long acknowledged, (long? Rows, string? Statuses) stored,
        (long Peak, long Current) memory, long startRss, long sentKcis, double sustained, bool drainedAll)
    {
        var open = phases[1].Result;
        var noopThroughput = phases[2].Result.Throughput;
        var kciThroughput = phases[3].Result.Throughput;
        var ratio = kciThroughput / noopThroughput;
        var p99 = open.Latency.P99;
        var rateHeld = open.Errors == 0 && open.Dropped == 0 && open.Throughput >= 0.98 * options.Rate;

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## 3. KCI receiver load{(options.Label is null ? string.Empty : $" ({options.Label})")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"One ASP.NET Core host process (Server GC: {(options.ServerGc ? "on, as an ASP.NET Core app by default" : "off")}, logging at Warning) with `MapFibreCafeKcis(\"/kcis\")` (Basic auth, {StoreDescription(options.Store)}, {(options.Dispatch ? $"dispatcher running, {(options.DispatchConcurrency is { } c ? $"`Dispatch:MaxConcurrency` {c}" : "default options")}" : "dispatcher OFF (profiling only)")}) and a no-op `POST /noop` answering the same 204 in the same host. ");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"The same C# driver (another process on the same 2 cores) sends the same {KciRequestFactory.BodyLength}-byte KCI (unique KCI id and entity id per request), headers and Basic credentials to both. Open loop first, {(options.Dispatch ? "from a drained inbox" : "the inbox only growing (dispatcher off)")}: {options.Rate:N0} requests/s for {options.Seconds} s, latency from each request's scheduled send time. Then closed loop for throughput: {options.Concurrency} connections, {options.Rounds} alternating no-op and /kcis slices of {options.SliceSeconds} s each (at most {options.MaxRequests:N0} requests per slice).");
        md.AppendLine();
        md.AppendLine("| endpoint | load | answered 204 | errors | dropped | throughput | p50 | p90 | p99 | max | host peak RSS | host runtime counters (last slice) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (r, peak, host) in phases)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Mode} | {r.Succeeded:N0} | {r.Errors:N0} | {r.Dropped:N0} | {r.Throughput:N0}/s | {r.Latency.P50:0.00} ms | {r.Latency.P90:0.00} ms | {r.Latency.P99:0.00} ms | {r.Latency.Max:0.0} ms | {Mb(peak)} | {host} |");
        }

        var peakRss = Math.Max(memory.Peak, phases.Max(p => p.PeakRss));
        var ratioPass = ratio >= MinThroughputRatio;
        var p99Pass = p99 <= MaxP99Milliseconds && rateHeld;
        var rssPass = peakRss <= MaxPeakRssBytes;
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **Throughput ratio /kcis ÷ no-op: {ratio:0.000}** ({kciThroughput:N0}/s vs {noopThroughput:N0}/s; goal ≥ {MinThroughputRatio:0.00}): **{(ratioPass ? "pass" : "FAIL")}**");
        md.AppendLine(!options.Dispatch
            ? "- Dispatcher off: every KCI stays pending, so no rate with dispatching is reported."
            : string.Create(CultureInfo.InvariantCulture, $"- Reported, not a goal: /kcis with its dispatching included, i.e. the KCIs of the /kcis slices over the slices' time plus the time the dispatcher then took to empty the inbox: {sustained:N0}/s ({sustained / noopThroughput:0.000} of the no-op){(drainedAll ? string.Empty : "; AN OVERESTIMATE: the dispatcher did not empty the inbox within the time allowed")}."));
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **p99 at {options.Rate:N0} KCI/s: {p99:0.00} ms** (p50 {open.Latency.P50:0.00} ms, max {open.Latency.Max:0.0} ms; {open.Succeeded:N0} answered at {open.Throughput:N0}/s, {open.Errors:N0} errors, {open.Dropped:N0} dropped; goal ≤ {MaxP99Milliseconds:0} ms with the rate held): **{(p99Pass ? "pass" : "FAIL")}**");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **Peak RSS of the host: {Mb(peakRss)}** (max of VmHWM and the 50 ms VmRSS samples over the whole run; {Mb(startRss)} after start, {Mb(memory.Current)} at the end; goal ≤ {Mb(MaxPeakRssBytes)}): **{(rssPass ? "pass" : "FAIL")}**");
        if (stored.Rows is { } rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"- Durability check: {acknowledged:N0} KCIs acknowledged with 204, {rows:N0} rows in the inbox after the run ({stored.Statuses}): **{(rows >= acknowledged ? "every acknowledged KCI is stored" : "ACKNOWLEDGED KCIs MISSING")}** ({sentKcis:N0} KCIs sent in all, warm-up included).");
        }

        foreach (var note in notes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Dispatcher: {note}.");
        }

        var label = options.Label is null ? string.Empty : $" ({options.Label})";
        Goals.Append(options.ResultsDirectory, $"KCI throughput ratio /kcis ÷ no-op{label}", "≥ 0.40", string.Create(CultureInfo.InvariantCulture, $"{ratio:0.000} ({kciThroughput:N0}/s vs {noopThroughput:N0}/s)"), ratioPass, options.Label is not null);
        if (options.Dispatch)
        {
            Goals.Append(options.ResultsDirectory, $"KCI rate with its dispatching included, ÷ no-op{label} (reported, not a goal)", "the ratio's ≥ 0.40", string.Create(CultureInfo.InvariantCulture, $"{(drainedAll ? string.Empty : "at most ")}{sustained / noopThroughput:0.000} ({sustained:N0}/s)"), sustained / noopThroughput >= MinThroughputRatio ? "would pass" : "would fail", diagnostic: true);
        }

        Goals.Append(options.ResultsDirectory, $"KCI p99 at {options.Rate:N0}/s{label}", "≤ 25 ms, rate held", string.Create(CultureInfo.InvariantCulture, $"{p99:0.0} ms (p50 {open.Latency.P50:0.0} ms, {open.Throughput:N0}/s held)"), p99Pass, options.Label is not null);
        Goals.Append(options.ResultsDirectory, $"Receiver host peak RSS{label}", "≤ 200 MB", Mb(peakRss), rssPass, options.Label is not null);
        md.AppendLine();
        Directory.CreateDirectory(options.ResultsDirectory);
        var file = Path.Combine(options.ResultsDirectory, options.Label is null ? "receiver.md" : $"receiver-{options.Label}.md");
        File.WriteAllText(file, md.ToString());
        Console.WriteLine(md.ToString());
        return stored.Rows is { } r2 && r2 < acknowledged ? 1 : 0;
    }

    private static async Task<(long?, string?)> CountStoredAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM kci_inbox;";
        var rows = (long)(await count.ExecuteScalarAsync())!;
        await using var statuses = connection.CreateCommand();
        statuses.CommandText = "SELECT status, COUNT(*) FROM kci_inbox GROUP BY status ORDER BY status;";
        var parts = new List<string>();
        await using (var reader = await statuses.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var name = reader.GetInt64(0) switch { 0 => "pending", 1 => "done", 2 => "parked", var s => $"status {s}" };
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt64(1):N0} {name}"));
            }
        }

        return (rows, string.Join(", ", parts));
    }

    /// <summary>Keeps the host's STATS lines (thread pool size, CPU) to summarize each phase.</summary>
    private sealed class RuntimeStats
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];

        /// <summary>
        /// Summarizes the phase's samples. Per request, the host's CPU time and the bytes it had written to storage
        /// (the store's write amplification): steadier than throughput on a shared machine, so they show what a change did.
        /// </summary>
        public string Summarize(double throughput)
        {
            lock (_gate)
            {
                if (_lines.Count == 0)
                {
                    return "(no samples)";
                }

                int Max(string key) => _lines.Select(l => Value(l, key)).DefaultIfEmpty(0).Max();
                double Avg(string key) => _lines.Select(l => (double)Value(l, key)).DefaultIfEmpty(0).Average();
                var perRequest = throughput > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"; per request: host CPU {Avg("cpu%") * 10_000 / throughput:0} µs, disk writes {Avg("disk-write-KB/s") * 1024 / throughput:0} B")
                    : string.Empty;
                return string.Create(CultureInfo.InvariantCulture,
                    $"threadpool threads max {Max("threadpool-threads")}, queue max {Max("queue")}, lock contentions/s avg {Avg("lock-contentions/s"):0}, CPU avg {Avg("cpu%"):0}% (of 200%), gen2 {Max("gen2")}{perRequest}");
            }
        }

        public void OnLine(string line)
        {
            if (line.StartsWith("STATS ", StringComparison.Ordinal))
            {
                lock (_gate)
                {
                    _lines.Add(line);
                }
            }
        }

        public void ResetPhase()
        {
            lock (_gate)
            {
                _lines.Clear();
            }
        }

        private static int Value(string line, string key)
        {
            var start = line.IndexOf(" " + key + "=", StringComparison.Ordinal);
            if (start < 0)
            {
                return 0;
            }

            start += key.Length + 2;
            var end = line.IndexOf(' ', start);
            var text = end < 0 ? line[start..] : line[start..end];
            return (int)double.Parse(text, CultureInfo.InvariantCulture);
        }
    }

    private static string StoreDescription(string store) => store switch
    {
        "sqlite" => "SQLite store in a temporary folder, WAL, `synchronous=FULL`",
        _ => "the receiver's in-memory inbox (no durable store: shows the cost of everything but SQLite)",
    };

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");

    internal sealed record Options(
        string ResultsDirectory, string Store, int Concurrency, int Seconds, int Rate, long MaxRequests, bool ServerGc, string? Label, bool Dispatch, int SliceSeconds, int Rounds, int DrainSeconds, string? HostEnvironment = null, int? DispatchConcurrency = null);

    /// <summary>Samples the host's VmRSS every 50 ms; VmHWM gives the peak of the whole run.</summary>
    private sealed class RssSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _phasePeak;

        public RssSampler(int processId)
        {
            _loop = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
                try
                {
                    while (await timer.WaitForNextTickAsync(_stop.Token))
                    {
                        var (_, current) = ProcessMemory.Read(processId);
                        InterlockedMax(ref _phasePeak, current);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    // stopped, or the process is gone
                }
            });
        }

        public long PhasePeak => Interlocked.Read(ref _phasePeak);

        public void ResetPhase() => Interlocked.Exchange(ref _phasePeak, 0);

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait(TimeSpan.FromSeconds(2));
            _stop.Dispose();
        }

        private static void InterlockedMax(ref long target, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
