using System.Diagnostics;
using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Client;

/// <summary>
/// The <c>client-concurrency</c> command (issue 19, part 4): the floor and the full client under 1, 16, 64 and 256
/// concurrent callers against the same loopback gateway (its own process). At each level, rounds of the two sides
/// alternate (order swapped every round), each a closed loop of <c>level</c> callers for a fixed time, so drift on
/// the shared machine hits both alike; the ratio is taken within each round. Allocations per call come from
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> over the round (all threads: the per-thread counter misses the
/// continuations that run on other pool threads), so they include the floor's own HttpClient work; the client's
/// extra is the difference at the same level.
/// </summary>
internal static class ClientConcurrencyCommand
{
    public const double MaxTimeRatio = 1.15;

    /// <summary>The client's own bytes per call may move this much with concurrency: 10 %, or 100 B when that is more.</summary>
    public const double MaxAllocationDrift = 0.10;

    public const double MinAllocationDriftBytes = 100;

    // The warm-up (WarmUpAsync): 2 s rounds at 16 callers until both sides move less than 5 %, for at most a minute.
    private const int WarmUpCallers = 16;

    private const double SteadyChange = 0.05;

    private static readonly TimeSpan WarmUpRound = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);

    private static Process? _gateway;

    // 4 million calls per round at most are timed (far above what 2 cores do in a round of a few seconds).
    private static readonly double[] LatencyBuffer = new double[4_000_000];

    /// <param name="only">A profiling aid: <c>floor</c> or <c>client</c> runs that side alone, one round per level, and writes nothing.</param>
    public static async Task<int> RunAsync(string resultsDirectory, IReadOnlyList<int> levels, int seconds, int rounds, string? only = null)
    {
        // Enough pool threads from the start: 256 callers must not wait for the pool to grow (one thread per 0.5 s),
        // which would land on whichever side happened to run first.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        var (gateway, bench) = await ClientOverheadBenchmarks.StartWarmAsync();
        using var _ = gateway;
        _gateway = Process.GetProcessById(gateway.ProcessId);
        Func<Task<long>> floor = bench.HandWrittenFloor, client = bench.FullClientCachedToken;
        var warmUp = await WarmUpAsync(floor, client);

        var duration = TimeSpan.FromSeconds(seconds);
        if (only is not null)
        {
            var side = only == "floor" ? floor : client;
            foreach (var level in levels)
            {
                await RoundAsync(side, level, TimeSpan.FromSeconds(1)); // as in the alternating run: connections, pool threads
                var alone = await RoundAsync(side, level, duration);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"level {level,3}: {only} alone {alone.CallsPerSecond,8:N0}/s, {(double)alone.Bytes / alone.Calls:N0} B per call, CPU {alone.Cpu.TotalMicroseconds / alone.Calls:0.0} µs here + {alone.GatewayCpu.TotalMicroseconds / alone.Calls:0.0} µs in the gateway per call, {(double)alone.Runtime.WorkItems / alone.Calls:0.00} work items, {(double)alone.Runtime.ContextSwitches / alone.Calls:0.00} context switches, GC pause {alone.Runtime.GcPause.TotalMicroseconds / alone.Calls:0.0} µs, gen0/gen1 {1000.0 * alone.Runtime.Gen0 / alone.Calls:0.00}/{1000.0 * alone.Runtime.Gen1 / alone.Calls:0.000} per 1,000 calls"));
            }

            await bench.CleanupAsync();
            return 0;
        }

        var rows = new List<LevelResult>();
        foreach (var level in levels)
        {
            // A short unmeasured round per side opens the level's connections and grows the pool first.
            await RoundAsync(floor, level, TimeSpan.FromSeconds(1));
            await RoundAsync(client, level, TimeSpan.FromSeconds(1));
            var floorRounds = new List<Round>();
            var clientRounds = new List<Round>();
            for (var round = 0; round < rounds; round++)
            {
                var floorFirst = round % 2 == 0;
                var first = await RoundAsync(floorFirst ? floor : client, level, duration);
                var second = await RoundAsync(floorFirst ? client : floor, level, duration);
                floorRounds.Add(floorFirst ? first : second);
                clientRounds.Add(floorFirst ? second : first);
            }

            var row = new LevelResult(level, floorRounds, clientRounds);
            rows.Add(row);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"level {level,3}: floor {row.Floor.CallsPerSecond,8:N0}/s p99 {row.Floor.P99,6:0.00} ms {row.Floor.BytesPerCall,6:N0} B | client {row.Client.CallsPerSecond,8:N0}/s p99 {row.Client.P99,6:0.00} ms {row.Client.BytesPerCall,6:N0} B | ratio {row.TimeRatio:0.000}×"));
        }

        await bench.CleanupAsync();
        Write(resultsDirectory, rows, seconds, rounds, warmUp);
        return 0;
    }

    /// <summary>
    /// Alternating rounds of both sides at <see cref="WarmUpCallers"/> callers until each side's calls per second moved
    /// less than <see cref="SteadyChange"/> from its previous round, for at most <see cref="MaxWarmUp"/>. Measured: a few
    /// thousand calls leave most of the client's code still being recompiled by tiered compilation (tier 0, then
    /// instrumented, then tier 1, on a background thread that shares the 2 cores); alone, the client went 9,600 →
    /// 22,466 → 28,601 → 34,459 calls/s in four consecutive 5 s rounds at 64 callers, and a ratio taken early measures
    /// the JIT, not the steady state a service runs in.
    /// </summary>
    private static async Task<string> WarmUpAsync(Func<Task<long>> floor, Func<Task<long>> client)
    {
        var clock = Stopwatch.StartNew();
        var (lastFloor, lastClient) = (0.0, 0.0);
        var log = new StringBuilder();
        while (true)
        {
            var f = (await RoundAsync(floor, WarmUpCallers, WarmUpRound)).CallsPerSecond;
            var c = (await RoundAsync(client, WarmUpCallers, WarmUpRound)).CallsPerSecond;
            log.Append(CultureInfo.InvariantCulture, $"{f:N0}/{c:N0} ");
            var steady = Math.Abs(f - lastFloor) < SteadyChange * f && Math.Abs(c - lastClient) < SteadyChange * c;
            (lastFloor, lastClient) = (f, c);
            if (steady || clock.Elapsed > MaxWarmUp)
            {
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"warm-up {clock.Elapsed.TotalSeconds:0} s ({(steady ? "steady" : "not steady, stopped at the limit")}), floor/client calls/s per {WarmUpRound.TotalSeconds:0} s round at {WarmUpCallers} callers: {log.ToString().TrimEnd()}");
                Console.WriteLine(text);
                return text;
            }
        }
    }

    private static void Write(string resultsDirectory, List<LevelResult> rows, int seconds, int rounds, string warmUp)
    {
        var md = new StringBuilder();
        md.AppendLine("### 6. The client under concurrency");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Closed loop of N concurrent callers, same request, same loopback gateway (own process). Per level {rounds} rounds of {seconds} s per side, floor and client alternating (order swapped every round), after a 1 s unmeasured round each, all after a warm-up to steady state ({warmUp}). Time ratio = floor calls/s ÷ client calls/s, the median of the per-round ratios (goal ≤ {MaxTimeRatio:0.00}×). Latency percentiles over all the level's calls of each side. Allocated bytes per call = `GC.GetTotalAllocatedBytes(precise: true)` over the round ÷ its calls (whole process: the floor's HttpClient work is in both columns; the client's own is the difference).");
        md.AppendLine();
        md.AppendLine("| callers | floor calls/s | client calls/s | time ratio (p10–p90) | floor p50 / p99 | client p50 / p99 | p99 ratio | floor B/call | client B/call | client − floor |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Level} | {r.Floor.CallsPerSecond:N0} | {r.Client.CallsPerSecond:N0} | **{r.TimeRatio:0.000}×** ({r.RatioP10:0.000}–{r.RatioP90:0.000}) | {r.Floor.P50:0.00} / {r.Floor.P99:0.00} ms | {r.Client.P50:0.00} / {r.Client.P99:0.00} ms | {r.P99Ratio:0.00}× | {r.Floor.BytesPerCall:N0} | {r.Client.BytesPerCall:N0} | {r.ExtraBytes:+#,0;-#,0;0} |");
        }

        md.AppendLine();
        md.AppendLine("CPU per call over the same rounds (user + system, from the processes' own counters): the callers' process and the gateway's. On 2 cores both share, so from some level on the calls per second are bound by their sum.");
        md.AppendLine();
        md.AppendLine("Per call, in the callers' process: thread-pool work items run (`ThreadPool.CompletedWorkItemCount`: each async continuation that did not run inline), lock contentions (`Monitor.LockContentionCount`), context switches of its threads (`/proc/self/task/*/status`), the time the GC paused it (`GC.GetTotalPauseDuration`) and its collections (`GC.CollectionCount`; workstation GC, as the benchmark runs).");
        md.AppendLine();
        md.AppendLine("| callers | floor: callers + gateway µs | client: callers + gateway µs | client − floor, callers' process | work items floor / client | contentions floor / client | context switches floor / client | GC pause µs per call floor / client | gen0 / gen1 GCs per 1,000 calls (a gen1 also counts as a gen0), floor; client |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Level} | {r.Floor.CpuMicrosPerCall:0.0} + {r.Floor.GatewayCpuMicrosPerCall:0.0} | {r.Client.CpuMicrosPerCall:0.0} + {r.Client.GatewayCpuMicrosPerCall:0.0} | {r.Client.CpuMicrosPerCall - r.Floor.CpuMicrosPerCall:+0.0;-0.0} µs | {r.Floor.WorkItemsPerCall:0.00} / {r.Client.WorkItemsPerCall:0.00} | {r.Floor.ContentionsPerCall:0.000} / {r.Client.ContentionsPerCall:0.000} | {r.Floor.SwitchesPerCall:0.00} / {r.Client.SwitchesPerCall:0.00} | {r.Floor.GcPauseMicrosPerCall:0.0} / {r.Client.GcPauseMicrosPerCall:0.0} | {r.Floor.Gen0PerThousandCalls:0.00} / {r.Floor.Gen1PerThousandCalls:0.000}; {r.Client.Gen0PerThousandCalls:0.00} / {r.Client.Gen1PerThousandCalls:0.000} |");
        }

        md.AppendLine();
        foreach (var r in rows)
        {
            Goals.Append(resultsDirectory, $"Client time ratio at {r.Level} concurrent callers (floor calls/s ÷ client calls/s)", $"≤ {MaxTimeRatio:0.00}×",
                string.Create(CultureInfo.InvariantCulture, $"{r.TimeRatio:0.000}× ({r.Client.CallsPerSecond:N0} vs {r.Floor.CallsPerSecond:N0}/s; p99 {r.Client.P99:0.00} vs {r.Floor.P99:0.00} ms)"),
                r.TimeRatio <= MaxTimeRatio);
        }

        var low = rows.MinBy(r => r.Level)!;
        var high = rows.MaxBy(r => r.Level)!;
        if (high.Level != low.Level)
        {
            var allowed = Math.Max(MaxAllocationDrift * Math.Abs(low.ExtraBytes), MinAllocationDriftBytes);
            var drift = high.ExtraBytes - low.ExtraBytes;
            var pass = Math.Abs(drift) <= allowed;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"- The client's own allocations per call (client − floor) at {high.Level} callers: {high.ExtraBytes:N0} B, at {low.Level}: {low.ExtraBytes:N0} B, a change of {drift:+#,0;-#,0;0} B (allowed ±{allowed:N0} B: 10 % of the value at {low.Level}, at least {MinAllocationDriftBytes:0} B): **{(pass ? "pass" : "FAIL")}**. Whole-process bytes per call of the client side: {low.Client.BytesPerCall:N0} → {high.Client.BytesPerCall:N0} B (floor {low.Floor.BytesPerCall:N0} → {high.Floor.BytesPerCall:N0} B).");
            Goals.Append(resultsDirectory, $"Client allocations per call unchanged with concurrency (client − floor, {high.Level} vs {low.Level} callers)",
                string.Create(CultureInfo.InvariantCulture, $"within ±10 % (≥ {MinAllocationDriftBytes:0} B)"),
                string.Create(CultureInfo.InvariantCulture, $"{high.ExtraBytes:N0} B vs {low.ExtraBytes:N0} B ({drift:+#,0;-#,0;0} B; allowed ±{allowed:N0} B)"),
                pass);
        }

        md.AppendLine();
        Directory.CreateDirectory(resultsDirectory);
        File.WriteAllText(Path.Combine(resultsDirectory, "client-concurrency.md"), md.ToString());
        Console.WriteLine(md.ToString());
    }

    /// <summary>
    /// One closed-loop round: <paramref name="callers"/> callers, each sending its next call when the last answered.
    /// Latencies go into one buffer allocated once, so that the allocation count of the round is the calls' own.
    /// </summary>
    private static async Task<Round> RoundAsync(Func<Task<long>> call, int callers, TimeSpan duration)
    {
        long next = -1;
        using var self = Process.GetCurrentProcess();
        _gateway?.Refresh();
        var (cpu, gatewayCpu) = (self.TotalProcessorTime, _gateway?.TotalProcessorTime ?? TimeSpan.Zero);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var runtime = RuntimeCounters.Read();
        var clock = Stopwatch.StartNew();
        var tasks = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            tasks[c] = Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    var start = Stopwatch.GetTimestamp();
                    await call();
                    var slot = Interlocked.Increment(ref next);
                    if (slot < LatencyBuffer.Length)
                    {
                        LatencyBuffer[slot] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }
                }
            });
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var calls = Interlocked.Read(ref next) + 1;
        // Every counter read before the latencies are copied out: that copy (megabytes) must not count in the round.
        var runtimeUsed = RuntimeCounters.Read() - runtime;
        self.Refresh();
        _gateway?.Refresh();
        var (cpuUsed, gatewayCpuUsed) = (self.TotalProcessorTime - cpu, (_gateway?.TotalProcessorTime ?? TimeSpan.Zero) - gatewayCpu);
        return new Round(calls, elapsed, bytes, LatencyBuffer.AsSpan(0, (int)Math.Min(calls, LatencyBuffer.Length)).ToArray())
        {
            Cpu = cpuUsed,
            GatewayCpu = gatewayCpuUsed,
            Runtime = runtimeUsed,
        };
    }

    // Voluntary + involuntary context switches of this process's threads (Linux /proc): a thread that parks for want
    // of work and is woken again, once per async hop that leaves it, costs one.
    private static long ContextSwitches()
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
        }
        catch (IOException)
        {
            // a thread ended while being read: its count is lost, the others stand
        }

        return total;
    }

    // CPU of this process (the callers) and of the gateway's over the round: on 2 cores, what the throughput is bound by.
    private sealed record Round(long Calls, TimeSpan Elapsed, long Bytes, double[] Latencies)
    {
        public TimeSpan Cpu { get; init; }

        public TimeSpan GatewayCpu { get; init; }

        public RuntimeCounters Runtime { get; init; }

        public double CallsPerSecond => Calls / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The callers' process's runtime counters at one moment (thread-pool work items run, lock contentions, context
    /// switches, GC pause time and collections of each generation, a gen1 counting in gen0 too); a round's figures are
    /// the difference of two readings.
    /// </summary>
    private readonly record struct RuntimeCounters(long WorkItems, long LockContentions, long ContextSwitches, TimeSpan GcPause, int Gen0, int Gen1, int Gen2)
    {
        public static RuntimeCounters Read() => new(
            ThreadPool.CompletedWorkItemCount, Monitor.LockContentionCount, ClientConcurrencyCommand.ContextSwitches(),
            GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        public static RuntimeCounters operator -(RuntimeCounters after, RuntimeCounters before) => new(
            after.WorkItems - before.WorkItems, after.LockContentions - before.LockContentions, after.ContextSwitches - before.ContextSwitches,
            after.GcPause - before.GcPause, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2);
    }

    private sealed record Side(double CallsPerSecond, double P50, double P99, double BytesPerCall, double CpuMicrosPerCall, double GatewayCpuMicrosPerCall)
    {
        public double WorkItemsPerCall { get; init; }

        public double ContentionsPerCall { get; init; }

        public double SwitchesPerCall { get; init; }

        public double GcPauseMicrosPerCall { get; init; }

        public double Gen0PerThousandCalls { get; init; }

        public double Gen1PerThousandCalls { get; init; }

        public static Side Of(List<Round> rounds)
        {
            var latency = LatencySummary.Of(rounds.SelectMany(r => r.Latencies));
            var calls = Math.Max(1, rounds.Sum(r => r.Calls));
            return new Side(
                calls / rounds.Sum(r => r.Elapsed.TotalSeconds),
                latency.P50,
                latency.P99,
                (double)rounds.Sum(r => r.Bytes) / calls,
                rounds.Sum(r => r.Cpu.TotalMicroseconds) / calls,
                rounds.Sum(r => r.GatewayCpu.TotalMicroseconds) / calls)
            {
                WorkItemsPerCall = (double)rounds.Sum(r => r.Runtime.WorkItems) / calls,
                ContentionsPerCall = (double)rounds.Sum(r => r.Runtime.LockContentions) / calls,
                SwitchesPerCall = (double)rounds.Sum(r => r.Runtime.ContextSwitches) / calls,
                GcPauseMicrosPerCall = rounds.Sum(r => r.Runtime.GcPause.TotalMicroseconds) / calls,
                Gen0PerThousandCalls = 1000.0 * rounds.Sum(r => r.Runtime.Gen0) / calls,
                Gen1PerThousandCalls = 1000.0 * rounds.Sum(r => r.Runtime.Gen1) / calls,
            };
        }
    }

    private sealed record LevelResult(int Level, List<Round> FloorRounds, List<Round> ClientRounds)
    {
        private readonly double[] _ratios = FloorRounds.Zip(ClientRounds, (f, c) => f.CallsPerSecond / c.CallsPerSecond).Order().ToArray();

        public Side Floor { get; } = Side.Of(FloorRounds);

        public Side Client { get; } = Side.Of(ClientRounds);

        public double TimeRatio => Percentile(_ratios, 0.5);

        public double RatioP10 => Percentile(_ratios, 0.1);

        public double RatioP90 => Percentile(_ratios, 0.9);

        public double P99Ratio => Client.P99 / Floor.P99;

        public double ExtraBytes => Client.BytesPerCall - Floor.BytesPerCall;

        private static double Percentile(double[] sorted, double p) =>
            sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
