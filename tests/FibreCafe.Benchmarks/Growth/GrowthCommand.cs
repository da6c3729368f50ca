using System.Globalization;
using System.Net;
using System.Text;
using FibreCafe.TestSupport;
using FibreCafe.Benchmarks.Infrastructure;
using FibreCafe.Benchmarks.Receiver;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>
/// The <c>growth</c> command (issue 19, part 1): how the receiver's intake, the dispatcher's claim, the health check and
/// the retention pass cost with 0 to 3,000,000 done KCIs already stored (and 10,000 pending over 1,000 entities), on
/// SQLite and on PostgreSQL (a durable server on this machine). For each store and size, a fresh store is seeded
/// (<see cref="InboxSeeder"/>), then:
/// <list type="number">
/// <item>its size on disk;</item>
/// <item>the health check and one retention pass (the oldest 1 % is past the 7 days), then a second (nothing to delete),
/// in this process on the store as a receiver opens it;</item>
/// <item>the intake: the receiver host in its own process, dispatcher OFF so that the intake alone is measured (the
/// <c>receiver</c> command's <c>--no-dispatch</c>), the <c>receiver</c> command's driver and concurrency, no-op and
/// <c>/kcis</c> slices alternating; the KCIs it took in are deleted afterwards, so the claims see the seeded store;</item>
/// <item>the claims: <see cref="StoreProbe.ClaimsAsync"/>, the dispatcher's query with its batch and lease.</item>
/// </list>
/// The empty store (size 0) is the baseline of the same run. Writes <c>growth.md</c> and goal rows.
/// </summary>
internal static class GrowthCommand
{
    public const double MinIntakeRatio = 0.9;
    public const double MaxClaimP99Milliseconds = 10;
    public const long GoalSize = 1_000_000;

    public static async Task<int> RunAsync(Options options)
    {
        var md = new StringBuilder();
        md.AppendLine("## 5. Growth: a full store (issue 19, part 1)");
        md.AppendLine();
        md.AppendLine(Machine.Line());
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Each point is a fresh store seeded straight into its tables (one generated statement per table): N done KCIs (ten per entity, each entity with its state row; received over the last 7 days in arrival order, the oldest {InboxSeeder.OldShare:P0} 7 to 8 days ago, so past the default retention), then {options.Pending:N0} pending KCIs over {options.Entities:N0} entities, due now; every row has the same {InboxSeeder.Body.Length}-byte body, a real KCI (contracts/examples). SQLite: WAL, `synchronous=FULL` (the store's own settings). PostgreSQL: a server on this machine started with `fsync=on`, `synchronous_commit=on`, `full_page_writes=on`, every other setting its default (`shared_buffers` 128 MB), the seeded tables vacuumed and analyzed, as autovacuum would.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **intake**: the receiver host in its own process (Server GC), **dispatcher off** (the intake alone), the `receiver` command's driver: {options.Concurrency} connections, closed loop, {options.Rounds} alternating no-op and `/kcis` slices of {options.SliceSeconds} s after a 2 s warm-up of each; the KCIs taken in are then deleted;");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **claim**: `IKciInbox.ClaimAsync` with the dispatcher's defaults (32 KCIs, 5 min lease), timed alone, up to {options.Claims:N0} claims or {options.ClaimSeconds} s; after each, its KCIs are completed (with their entity states) and one new pending KCI added per entity, so every claim finds the {options.Pending:N0}-KCI backlog;");
        md.AppendLine("- **health check**: the store's registered check (`fibrecafe-kci-store`: the inbox's counts by status and its oldest pending KCI), first call / median of the next five;");
        md.AppendLine("- **retention**: one pass of the store's retention (`CleanupAsync` of its background service, 7 days), which deletes the old 1 %, then a second pass with nothing to delete (the hourly pass of a steady state).");
        md.AppendLine();

        var failed = false;
        PostgresServer? postgres = null;
        try
        {
            foreach (var store in options.Stores)
            {
                var points = new List<Point>();
                if (store == "postgresql")
                {
                    postgres ??= await PostgresServer.StartAsync(durable: true);
                }

                // The empty store again at the end: the baseline is the mean of both, so that drift of a shared machine
                // over the run does not fall on one side of the ratio only.
                var sizes = options.Sizes.Contains(0) && options.Sizes.Count > 1 ? [.. options.Sizes, 0] : options.Sizes;
                for (var i = 0; i < sizes.Count; i++)
                {
                    await using var target = store == "postgresql" ? (GrowthTarget)new GrowthTarget.Postgres(postgres!, sizes[i]) : new GrowthTarget.Sqlite();
                    points.Add(await MeasureAsync(options, target, sizes[i]) with { Again = i > 0 && sizes[i] == 0 });
                }

                failed |= !Write(md, options, store == "postgresql" ? "PostgreSQL" : "SQLite", points);
            }
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }

        Directory.CreateDirectory(options.ResultsDirectory);
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "growth.md"), md.ToString());
        Console.WriteLine(md.ToString());
        return failed ? 1 : 0;
    }

    private static async Task<Point> MeasureAsync(Options options, GrowthTarget target, long size)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {target.Store}, {size:N0} done KCIs"));
        await using (var schema = target.Probe())
        {
            await schema.OpenAsync(); // the store makes its tables, as at a receiver's start
        }

        var seed = await target.SeedAsync(size, options.Pending, options.Entities, DateTimeOffset.UtcNow);
        Console.WriteLine($"   seeded in {seed}");
        if (size >= 3_000_000 && seed.Total > TimeSpan.FromMinutes(2))
        {
            Console.WriteLine("   SEEDING TOOK LONGER THAN THE 2 MINUTES ALLOWED FOR 3,000,000 ROWS");
        }

        var (_, sizeText) = await target.SizeAsync();
        var seededMax = await target.ScalarAsync("SELECT MAX(position) FROM kci_inbox;");
        (TimeSpan First, TimeSpan Median) health, statistics;
        (TimeSpan Duration, long Deleted) retention, steady;
        await using (var probe = target.Probe())
        {
            health = await probe.HealthCheckAsync();
            statistics = await probe.FullStatisticsAsync();
            retention = await probe.RetentionPassAsync();
            steady = await probe.RetentionPassAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   size {sizeText}; health check {Ms(health.First)} first, {Ms(health.Median)} median; full statistics {Ms(statistics.First)} / {Ms(statistics.Median)}; retention {Ms(retention.Duration)} ({retention.Deleted:N0} deleted), again {Ms(steady.Duration)} ({steady.Deleted:N0})"));

        var (noop, kcis) = await IntakeAsync(options, target);
        await target.ScalarAsync(string.Create(CultureInfo.InvariantCulture, $"DELETE FROM kci_inbox WHERE position > {seededMax};"));

        if (Environment.GetEnvironmentVariable("FIBRECAFE_BENCH_EXPLAIN") == "1" && target is GrowthTarget.Postgres postgres)
        {
            Console.WriteLine(await postgres.ExplainClaimAsync());
        }

        LatencySummary claims;
        long claimed;
        await using (var probe = target.Probe())
        {
            (claims, claimed) = await probe.ClaimsAsync(options.Claims, TimeSpan.FromSeconds(options.ClaimSeconds), options.Pending / options.Entities);
        }

        Console.WriteLine($"   claims: {claims} over {claims.Count:N0} claims ({claimed:N0} KCIs)");
        return new Point(size, seed, sizeText, health, statistics, retention, steady, noop, kcis, claims, claimed);
    }

    private static async Task<(LoadResult Noop, LoadResult Kcis)> IntakeAsync(Options options, GrowthTarget target)
    {
        var environment = new Dictionary<string, string>(target.HostEnvironment) { ["DOTNET_gcServer"] = "1" };
        using var host = ChildServer.Start("serve-receiver", environment, null, target.HostArguments);
        using var driver = new LoadDriver(host.Url);
        var kcis = new KciRequestFactory("/kcis");
        var noop = new KciRequestFactory("/noop");
        await driver.ClosedLoopAsync("warm-up", noop.Create, HttpStatusCode.NoContent, options.Concurrency, TimeSpan.FromSeconds(2), 50_000);
        await driver.ClosedLoopAsync("warm-up", kcis.Create, HttpStatusCode.NoContent, options.Concurrency, TimeSpan.FromSeconds(2), 50_000);
        var slice = TimeSpan.FromSeconds(options.SliceSeconds);
        var noops = new List<LoadResult>();
        var intakes = new List<LoadResult>();
        for (var round = 0; round < options.Rounds; round++)
        {
            noops.Add(await driver.ClosedLoopAsync("no-op", noop.Create, HttpStatusCode.NoContent, options.Concurrency, slice, 400_000));
            intakes.Add(await driver.ClosedLoopAsync("/kcis", kcis.Create, HttpStatusCode.NoContent, options.Concurrency, slice, 400_000));
        }

        var (n, k) = (LoadResult.Combine(noops, $"{options.Rounds} slices"), LoadResult.Combine(intakes, $"{options.Rounds} slices"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   intake {k.Throughput:N0}/s ({k.Errors:N0} errors, p50/p99/max {k.Latency}), no-op {n.Throughput:N0}/s; peak RSS {GrowthTarget.Mb(host.ReadMemory().Peak)}{(k.FirstError is null ? string.Empty : "; first error: " + k.FirstError)}"));
        return (n, k);
    }

    /// <summary>Appends the store's table and goals; false when an error made a point meaningless.</summary>
    private static bool Write(StringBuilder md, Options options, string store, List<Point> points)
    {
        var empty = points.Where(p => p.Size == 0).ToList();
        var baseline = empty.Count == 0 ? null : new
        {
            Intake = empty.Average(p => p.Kcis.Throughput),
            OfNoop = empty.Average(p => p.Kcis.Throughput / p.Noop.Throughput),
        };
        md.AppendLine(CultureInfo.InvariantCulture, $"### {store}");
        md.AppendLine();
        md.AppendLine("| done KCIs stored | seeding | size on disk | intake `/kcis` | ÷ empty store | no-op | `/kcis` ÷ no-op | claim p50 / p99 / max (claims) | health check first / median | all counts (overview) first / median | retention pass (deleted) / again | intake errors |");
        md.AppendLine("|---:|---|---|---:|---:|---:|---:|---|---|---|---|---:|");
        foreach (var p in points)
        {
            var ratio = baseline is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{p.Kcis.Throughput / baseline.Intake:0.000}");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Size:N0}{(p.Again ? " (again, at the end)" : string.Empty)} | {p.Seed} | {p.SizeText} | {p.Kcis.Throughput:N0}/s | {ratio} | {p.Noop.Throughput:N0}/s | {p.Kcis.Throughput / p.Noop.Throughput:0.000} | {p.Claims.P50:0.00} / **{p.Claims.P99:0.00}** / {p.Claims.Max:0.0} ms ({p.Claims.Count:N0}) | {Ms(p.Health.First)} / {Ms(p.Health.Median)} | {Ms(p.Statistics.First)} / {Ms(p.Statistics.Median)} | {Ms(p.Retention.Duration)} ({p.Retention.Deleted:N0}) / {Ms(p.Steady.Duration)} ({p.Steady.Deleted:N0}) | {p.Kcis.Errors:N0} |");
        }

        md.AppendLine();
        var goal = points.FirstOrDefault(p => p.Size == GoalSize) ?? points.MaxBy(p => p.Size)!;
        var emptyText = empty.Count > 1
            ? string.Create(CultureInfo.InvariantCulture, $"the mean of the empty store's {string.Join(" and ", empty.Select(p => $"{p.Kcis.Throughput:N0}/s"))}, measured first and last")
            : "the empty store's";
        var atGoal = goal.Size == GoalSize;
        var where = atGoal ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (at {goal.Size:N0}, not the goal's {GoalSize:N0}: reported, not the goal)");
        if (baseline is not null && goal.Size != 0)
        {
            var ratio = goal.Kcis.Throughput / baseline.Intake;
            var pass = ratio >= MinIntakeRatio;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"- **Intake with {goal.Size:N0} done KCIs ÷ the empty store's: {ratio:0.000}** ({goal.Kcis.Throughput:N0}/s vs {baseline.Intake:N0}/s, {emptyText}; goal ≥ {MinIntakeRatio:0.0}){where}: **{(pass ? "pass" : "FAIL")}**. The same ratio with each point's intake taken over its own host's no-op (drift of the machine between points removed): {goal.Kcis.Throughput / goal.Noop.Throughput / baseline.OfNoop:0.000}.");
            Goals.Append(options.ResultsDirectory, $"Growth: intake with {goal.Size:N0} done KCIs ÷ empty store, {store}", "≥ 0.9",
                string.Create(CultureInfo.InvariantCulture, $"{ratio:0.000} ({goal.Kcis.Throughput:N0}/s vs {baseline.Intake:N0}/s; over own no-op {goal.Kcis.Throughput / goal.Noop.Throughput / baseline.OfNoop:0.000})"), pass, diagnostic: !atGoal);
        }

        var claimPass = goal.Claims.P99 <= MaxClaimP99Milliseconds;
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **Claim p99 with {goal.Size:N0} done KCIs: {goal.Claims.P99:0.00} ms** (p50 {goal.Claims.P50:0.00} ms, max {goal.Claims.Max:0.0} ms, {goal.Claims.Count:N0} claims of up to 32; goal ≤ {MaxClaimP99Milliseconds:0} ms){where}: **{(claimPass ? "pass" : "FAIL")}**");
        Goals.Append(options.ResultsDirectory, $"Growth: claim p99 with {goal.Size:N0} done KCIs, {store}", "≤ 10 ms",
            string.Create(CultureInfo.InvariantCulture, $"{goal.Claims.P99:0.00} ms (p50 {goal.Claims.P50:0.00} ms, {goal.Claims.Count:N0} claims)"), claimPass, diagnostic: !atGoal);
        var largest = points.MaxBy(p => p.Size)!;
        Goals.Append(options.ResultsDirectory, $"Growth: health check / retention pass with {largest.Size:N0} done KCIs, {store} (reported)", "bounded",
            $"{Ms(largest.Health.Median)} / {Ms(largest.Retention.Duration)} ({largest.Retention.Deleted:N0} deleted), {Ms(largest.Steady.Duration)} with nothing to delete", "—", diagnostic: true);
        foreach (var slow in points.Where(p => p.Size >= 3_000_000 && p.Seed.Total > TimeSpan.FromMinutes(2)))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Seeding {slow.Size:N0} KCIs took {slow.Seed.Total.TotalSeconds:0} s: MORE THAN THE 2 MINUTES ALLOWED.");
        }

        md.AppendLine();
        return points.All(p => p.Kcis.Errors == 0);
    }

    private static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.0} ms");

    private sealed record Point(
        long Size, InboxSeeder.Result Seed, string SizeText, (TimeSpan First, TimeSpan Median) Health, (TimeSpan First, TimeSpan Median) Statistics,
        (TimeSpan Duration, long Deleted) Retention, (TimeSpan Duration, long Deleted) Steady, LoadResult Noop, LoadResult Kcis, LatencySummary Claims, long Claimed)
    {
        /// <summary>Gets whether this is the empty store measured again at the end of the run.</summary>
        public bool Again { get; init; }
    }

    internal sealed record Options(
        string ResultsDirectory, IReadOnlyList<string> Stores, IReadOnlyList<long> Sizes, int SliceSeconds, int Rounds, int Claims, int ClaimSeconds,
        int Concurrency = 32, int Pending = 10_000, int Entities = 1_000)
    {
        /// <summary>Reads <c>--store sqlite|postgresql|both</c>.</summary>
        public static IReadOnlyList<string> ParseStores(string? value) => (value ?? "both") switch
        {
            "both" => ["sqlite", "postgresql"],
            "sqlite" => ["sqlite"],
            "postgresql" => ["postgresql"],
            var other => throw new ArgumentException($"--store must be sqlite, postgresql or both, not '{other}'."),
        };

        public static IReadOnlyList<long> ParseSizes(string? value) =>
            (value ?? "0,100000,1000000,3000000").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
    }
}
