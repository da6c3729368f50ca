using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FibreCafe.TestSupport;
using FibreCafe.Benchmarks.Infrastructure;
using FibreCafe.Benchmarks.Receiver;
using Npgsql;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>
/// The <c>pg-receiver</c> command (issue 19, part 2): the receiver host on the PostgreSQL store, the server on the same
/// machine, started durable (<see cref="FibreCafe.TestSupport.PostgresServer.StartAsync"/> with <c>durable</c>), measured as the <c>receiver</c> command measures SQLite: its
/// closed-loop intake as a ratio to the no-op endpoint of the same host in the same run, its p99 at a fixed rate (open
/// loop) and its peak RSS; then two receiver processes on the same database, the driver splitting its connections
/// between them (the sum and each one's). Over each closed-loop <c>/kcis</c> window it reads the CPU time of every
/// PostgreSQL process, of the host(s) and of the driver (this process), and the server's WAL counters: on two cores,
/// what the intake is limited by. Writes <c>growth-postgres.md</c>; the issue names no goal for it, so its rows are reported.
/// </summary>
internal static class PgReceiverCommand
{
    private const string Schema = "receiver";
    private const int Concurrency = 32;

    public static async Task<int> RunAsync(Options options)
    {
        await using var server = await PostgresServer.StartAsync(durable: true);
        var environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = "1", [ReceiverHost.PostgresConnectionVariable] = server.ConnectionString };
        string[] arguments = ["--store", "postgresql", "--schema", Schema, .. options.Dispatch ? Array.Empty<string>() : ["--no-dispatch"]];
        var kcis = new KciRequestFactory("/kcis"); // shared by both hosts' drivers: every KCI id and entity is unique in the run
        var noop = new KciRequestFactory("/noop");
        var rows = new List<string>();
        var notes = new List<string>();
        var slice = TimeSpan.FromSeconds(options.SliceSeconds);

        using var first = ChildServer.Start("serve-receiver", environment, null, arguments);
        using var control = new HttpClient { BaseAddress = first.Url };
        using var driver = new LoadDriver(first.Url);
        Console.WriteLine($"receiver host {first.Url} (pid {first.ProcessId}) on PostgreSQL (postmaster pid {server.PostmasterPid()}), dispatcher {(options.Dispatch ? "on" : "off")}");

        async Task Drain(string when)
        {
            if (!options.Dispatch)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                return;
            }

            var clock = Stopwatch.StartNew();
            long pending = await PendingAsync(control), backlog = pending;
            while (pending > 0 && clock.Elapsed < TimeSpan.FromSeconds(options.DrainSeconds))
            {
                await Task.Delay(200);
                pending = await PendingAsync(control);
            }

            var note = pending == 0
                ? string.Create(CultureInfo.InvariantCulture, $"backlog {when} ({backlog:N0} KCIs) dispatched in {clock.Elapsed.TotalSeconds:0.0} s")
                : string.Create(CultureInfo.InvariantCulture, $"backlog {when}: {pending:N0} of {backlog:N0} KCIs still pending after {options.DrainSeconds} s");
            notes.Add(note);
            Console.WriteLine("   " + note);
            if (pending > 0)
            {
                await PrintSessionsAsync(server.AdminConnectionString); // what the database's sessions were doing when the backlog stayed
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await driver.ClosedLoopAsync("warm-up", noop.Create, HttpStatusCode.NoContent, Concurrency, TimeSpan.FromSeconds(2), 50_000);
        await driver.ClosedLoopAsync("warm-up", kcis.Create, HttpStatusCode.NoContent, Concurrency, TimeSpan.FromSeconds(2), 50_000);
        await Drain("after the warm-up");

        // Latency at a fixed rate first, from a drained inbox, as the receiver command does.
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var openNoop = await driver.OpenLoopAsync("no-op", noop.Create, HttpStatusCode.NoContent, options.Rate, duration, maxInFlight: 10_000);
        rows.Add(Row("1 host", openNoop, null));
        var openKcis = await driver.OpenLoopAsync("/kcis", kcis.Create, HttpStatusCode.NoContent, options.Rate, duration, maxInFlight: 10_000);
        rows.Add(Row("1 host", openKcis, null));
        Console.WriteLine(rows[^1]);
        await Drain($"after {options.Rate:N0}/s");

        var noops = new List<LoadResult>();
        var intakes = new List<LoadResult>();
        var windows = new List<Window>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            noops.Add(await driver.ClosedLoopAsync("no-op", noop.Create, HttpStatusCode.NoContent, Concurrency, slice, 400_000));
            var window = await Window.StartAsync(server, [first.ProcessId]);
            intakes.Add(await driver.ClosedLoopAsync("/kcis", kcis.Create, HttpStatusCode.NoContent, Concurrency, slice, 400_000));
            windows.Add(await window.StopAsync(intakes[^1].Succeeded));
            Console.WriteLine($"   round {round}: no-op {noops[^1].Throughput:N0}/s, /kcis {intakes[^1].Throughput:N0}/s; {windows[^1]}");
            await Drain($"after /kcis slice {round}");
        }

        var oneNoop = LoadResult.Combine(noops, $"{options.Rounds} slices");
        var oneKcis = LoadResult.Combine(intakes, $"{options.Rounds} slices");
        var oneCpu = Window.Combine(windows);
        rows.Add(Row("1 host", oneNoop, null));
        rows.Add(Row("1 host", oneKcis, oneCpu));
        var firstRss = first.ReadMemory().Peak;

        // Two receiver processes on the one database, the same 32 connections split between them.
        using var second = ChildServer.Start("serve-receiver", environment, null, arguments);
        using var driver2 = new LoadDriver(second.Url);
        Console.WriteLine($"second receiver host {second.Url} (pid {second.ProcessId})");
        await driver2.ClosedLoopAsync("warm-up", noop.Create, HttpStatusCode.NoContent, Concurrency / 2, TimeSpan.FromSeconds(2), 50_000);
        await driver2.ClosedLoopAsync("warm-up", kcis.Create, HttpStatusCode.NoContent, Concurrency / 2, TimeSpan.FromSeconds(2), 50_000);
        await Drain("after the second host's warm-up");
        var pairNoops = new List<(LoadResult A, LoadResult B)>();
        var pairKcis = new List<(LoadResult A, LoadResult B)>();
        var pairWindows = new List<Window>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            pairNoops.Add(await BothAsync(driver, driver2, "no-op", noop, slice));
            var window = await Window.StartAsync(server, [first.ProcessId, second.ProcessId]);
            pairKcis.Add(await BothAsync(driver, driver2, "/kcis", kcis, slice));
            pairWindows.Add(await window.StopAsync(pairKcis[^1].A.Succeeded + pairKcis[^1].B.Succeeded));
            Console.WriteLine($"   two hosts, round {round}: /kcis {pairKcis[^1].A.Throughput:N0} + {pairKcis[^1].B.Throughput:N0}/s; {pairWindows[^1]}");
            await Drain($"after two-host /kcis slice {round}");
        }

        var twoNoopA = LoadResult.Combine(pairNoops.Select(p => p.A).ToList(), $"{options.Rounds} slices");
        var twoNoopB = LoadResult.Combine(pairNoops.Select(p => p.B).ToList(), $"{options.Rounds} slices");
        var twoKcisA = LoadResult.Combine(pairKcis.Select(p => p.A).ToList(), $"{options.Rounds} slices");
        var twoKcisB = LoadResult.Combine(pairKcis.Select(p => p.B).ToList(), $"{options.Rounds} slices");
        var twoCpu = Window.Combine(pairWindows);
        rows.Add(Row("host A of 2", twoNoopA, null));
        rows.Add(Row("host B of 2", twoNoopB, null));
        rows.Add(Row("host A of 2", twoKcisA, null));
        rows.Add(Row("host B of 2", twoKcisB, twoCpu));
        var rss = (First: Math.Max(firstRss, first.ReadMemory().Peak), Second: second.ReadMemory().Peak);

        Write(options, rows, notes, openKcis, oneNoop, oneKcis, oneCpu, (twoNoopA, twoNoopB), (twoKcisA, twoKcisB), twoCpu, rss);
        return new[] { openKcis, oneKcis, twoKcisA, twoKcisB }.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static async Task<(LoadResult A, LoadResult B)> BothAsync(LoadDriver a, LoadDriver b, string name, KciRequestFactory requests, TimeSpan slice)
    {
        var left = a.ClosedLoopAsync(name, requests.Create, HttpStatusCode.NoContent, Concurrency / 2, slice, 400_000);
        var right = b.ClosedLoopAsync(name, requests.Create, HttpStatusCode.NoContent, Concurrency / 2, slice, 400_000);
        return (await left, await right);
    }

    private static void Write(
        Options options, List<string> rows, List<string> notes, LoadResult open, LoadResult noop, LoadResult kcis, Window cpu,
        (LoadResult A, LoadResult B) twoNoop, (LoadResult A, LoadResult B) twoKcis, Window twoCpu, (long First, long Second) rss)
    {
        var ratio = kcis.Throughput / noop.Throughput;
        var sum = twoKcis.A.Throughput + twoKcis.B.Throughput;
        var md = new StringBuilder();
        md.AppendLine("## 5b. The receiver on PostgreSQL (issue 19, part 2)");
        md.AppendLine();
        md.AppendLine(Machine.Line());
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"The receiver host (`serve-receiver --store postgresql`, its own process, Server GC, dispatcher {(options.Dispatch ? "running (default options), each phase starting from a drained inbox" : "OFF")}) on a PostgreSQL server on this machine started with `fsync=on`, `synchronous_commit=on`, `full_page_writes=on` (as in production; every other setting the server's default), Npgsql's default pool. The `receiver` command's driver and KCIs: open loop at {options.Rate:N0}/s for {options.Seconds} s, then {options.Rounds} alternating no-op and `/kcis` closed-loop slices of {options.SliceSeconds} s, {Concurrency} connections; then a second host on the same database and schema, the driver's {Concurrency} connections split 16 + 16, both hosts driven at once. CPU: user + system time from `/proc/PID/stat` over the `/kcis` slices, of the postmaster and all its children (PostgreSQL), of the host process(es) and of the driver, as a share of the machine's {Environment.ProcessorCount} cores ({Environment.ProcessorCount * 100} % = all of it). WAL: `pg_stat_wal` over the same slices.");
        md.AppendLine();
        md.AppendLine("| hosts | endpoint | load | answered 204 | errors | throughput | p50 | p99 | max | CPU over the `/kcis` slices: PostgreSQL / host(s) / driver / other processes / idle | WAL per KCI, WAL syncs/s |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---|---|");
        rows.ForEach(r => md.AppendLine(r));
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **Intake ÷ no-op, one host: {ratio:0.000}** ({kcis.Throughput:N0}/s vs {noop.Throughput:N0}/s; the SQLite store's goal is ≥ 0.40, none is set for PostgreSQL).");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **p99 at {options.Rate:N0} KCI/s: {open.Latency.P99:0.00} ms** (p50 {open.Latency.P50:0.00} ms, max {open.Latency.Max:0.0} ms; {open.Throughput:N0}/s answered, {open.Errors:N0} errors, {open.Dropped:N0} dropped).");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Peak RSS of the host: {GrowthTarget.Mb(rss.First)}** (VmHWM over the whole run; the second host: {GrowthTarget.Mb(rss.Second)}).");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **Two hosts on one database: {sum:N0} KCI/s in all** ({twoKcis.A.Throughput:N0} + {twoKcis.B.Throughput:N0}/s; {sum / kcis.Throughput:0.00}× one host's {kcis.Throughput:N0}/s); their no-op together {twoNoop.A.Throughput + twoNoop.B.Throughput:N0}/s.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **The database's CPU share**: one host {cpu.PostgresShare:0} % of the {Environment.ProcessorCount} cores (host {cpu.HostShare:0} %, driver {cpu.DriverShare:0} %, other processes {cpu.OtherShare:0} %, idle {cpu.IdleShare:0} %), two hosts {twoCpu.PostgresShare:0} % (hosts {twoCpu.HostShare:0} %, driver {twoCpu.DriverShare:0} %, other processes {twoCpu.OtherShare:0} %, idle {twoCpu.IdleShare:0} %); of the CPU the run itself used, PostgreSQL took {cpu.PostgresShare / Math.Max(1e-9, cpu.PostgresShare + cpu.HostShare + cpu.DriverShare):P0} with one host. {Limit(cpu)}");
        foreach (var note in notes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Dispatcher: {note}.");
        }

        md.AppendLine();
        var results = options.ResultsDirectory;
        Goals.Append(results, "PostgreSQL receiver: /kcis ÷ no-op, one host (reported)", "SQLite's ≥ 0.40", string.Create(CultureInfo.InvariantCulture, $"{ratio:0.000} ({kcis.Throughput:N0}/s vs {noop.Throughput:N0}/s)"), "—", diagnostic: true);
        Goals.Append(results, $"PostgreSQL receiver: p99 at {options.Rate:N0}/s (reported)", "SQLite's ≤ 25 ms", string.Create(CultureInfo.InvariantCulture, $"{open.Latency.P99:0.0} ms ({open.Throughput:N0}/s held)"), "—", diagnostic: true);
        Goals.Append(results, "PostgreSQL receiver: host peak RSS (reported)", "SQLite's ≤ 200 MB", GrowthTarget.Mb(rss.First), "—", diagnostic: true);
        Goals.Append(results, "PostgreSQL receiver: two hosts on one database, sum (reported)", "—", string.Create(CultureInfo.InvariantCulture, $"{sum:N0}/s ({twoKcis.A.Throughput:N0} + {twoKcis.B.Throughput:N0}; one host {kcis.Throughput:N0}/s)"), "—", diagnostic: true);
        Goals.Append(results, "PostgreSQL receiver: database CPU share, 1 / 2 hosts (reported)", "—", string.Create(CultureInfo.InvariantCulture, $"{cpu.PostgresShare:0} % / {twoCpu.PostgresShare:0} % of {Environment.ProcessorCount} cores"), "—", diagnostic: true);
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "growth-postgres.md"), md.ToString());
        Console.WriteLine(md.ToString());
    }

    // What the figures say about the limit; the reader has the numbers either way.
    private static string Limit(Window cpu) => cpu.IdleShare < 10
        ? string.Create(CultureInfo.InvariantCulture,
            $"The cores were saturated{(cpu.OtherShare >= 10 ? $", {cpu.OtherShare:0} % of them by other processes (a shared machine: the figure is a floor)" : string.Empty)}: the intake is CPU-bound on two cores.")
        : string.Create(CultureInfo.InvariantCulture,
            $"{cpu.IdleShare:0} % of the cores stayed idle: the intake waits for something other than CPU, such as the WAL's syncs ({cpu.SyncsPerSecond:N0}/s, {cpu.Kcis / Math.Max(1.0, cpu.WalSyncs):0.0} KCIs per sync).");

    private static string Row(string hosts, LoadResult r, Window? cpu) => string.Create(CultureInfo.InvariantCulture,
        $"| {hosts} | {r.Name} | {r.Mode} | {r.Succeeded:N0} | {r.Errors:N0} | {r.Throughput:N0}/s | {r.Latency.P50:0.00} ms | {r.Latency.P99:0.00} ms | {r.Latency.Max:0.0} ms | {(cpu is null ? "—" : $"{cpu.PostgresShare:0} % / {cpu.HostShare:0} % / {cpu.DriverShare:0} % / {cpu.OtherShare:0} % / {cpu.IdleShare:0} %")} | {(cpu is null ? "—" : $"{cpu.WalBytesPerKci:N0} B, {cpu.SyncsPerSecond:N0}/s")} |");

    // A stuck backlog's first clue: each session's state, what it waits for and for how long, and its statement.
    private static async Task PrintSessionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = Schema }.ConnectionString);
        await connection.OpenAsync();
        var stuck = new List<string>();
        var idle = 0;
        await using (var command = new NpgsqlCommand(
            "SELECT pid, state, coalesce(wait_event_type || ':' || wait_event, '-'), extract(epoch FROM now() - query_start)::int, regexp_replace(query, '\\s+', ' ', 'g') "
            + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY query_start;", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var state = reader.IsDBNull(1) ? "-" : reader.GetString(1);
                var seconds = reader.IsDBNull(3) ? 0 : reader.GetInt32(3);
                var query = reader.IsDBNull(4) ? "" : reader.GetString(4);
                if (state == "idle")
                {
                    idle++;
                    continue;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     session {reader.GetInt32(0)} {state} {reader.GetString(2)} {seconds} s: {query[..Math.Min(query.Length, 160)]}"));
                if (state == "active" && seconds >= 5 && query.Contains("SET lease_id", StringComparison.Ordinal))
                {
                    stuck.Add(query);
                }
            }
        }

        Console.WriteLine($"     ({idle} idle sessions)");
        if (stuck.Count > 0)
        {
            await ExplainStuckLeaseAsync(connection, stuck[0]);
        }
    }

    /// <summary>
    /// The plan PostgreSQL gives the lease statement now, with the statistics it has now (as when the stuck one was
    /// planned, unless an analyze ran since: its time is printed), for the first 32 pending entities.
    /// </summary>
    private static async Task ExplainStuckLeaseAsync(NpgsqlConnection connection, string query)
    {
        async Task PrintAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("       " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        await PrintAsync("SELECT 'analyzed', last_autoanalyze, last_analyze, n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'kci_inbox' AND schemaname = current_schema();");
        await PrintAsync("SELECT attname, null_frac, n_distinct, most_common_vals::text, most_common_freqs::text FROM pg_stats WHERE tablename = 'kci_inbox' AND schemaname = current_schema() AND attname IN ('status', 'lease_expires_at', 'next_attempt_at', 'entity_key');");
        var keys = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT entity_key FROM kci_inbox WHERE status = 0 ORDER BY position LIMIT 32;", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        // A literal array, as the bound parameter is to the planner (a subquery would be estimated otherwise).
        var explain = query.Replace("$1", "now() + interval '5 minutes'", StringComparison.Ordinal)
            .Replace("$2", "'{" + string.Join(',', keys) + "}'::text[]", StringComparison.Ordinal)
            .Replace("$3", "now()", StringComparison.Ordinal);
        await using var transaction = await connection.BeginTransactionAsync();
        await PrintAsync("EXPLAIN " + explain);
        await transaction.RollbackAsync();
    }

    private static async Task<long> PendingAsync(HttpClient control) =>
        long.Parse(await control.GetStringAsync(new Uri("/_bench/inbox", UriKind.Relative)), CultureInfo.InvariantCulture);

    /// <summary>CPU and WAL over one window; shares are percent of all the machine's cores.</summary>
    private sealed record Window(double Seconds, double Postgres, double Hosts, double Driver, double MachineBusy, long Kcis, long WalBytes, long WalSyncs)
    {
        private static readonly double Cores = Environment.ProcessorCount;

        public double PostgresShare => Share(Postgres);

        public double HostShare => Share(Hosts);

        public double DriverShare => Share(Driver);

        /// <summary>Gets the share of the machine that was busy with other processes (a shared machine: other jobs, the kernel's own threads).</summary>
        public double OtherShare => Math.Max(0, Share(MachineBusy) - PostgresShare - HostShare - DriverShare);

        public double IdleShare => Math.Max(0, 100 - Share(MachineBusy));

        public double WalBytesPerKci => Kcis == 0 ? 0 : (double)WalBytes / Kcis;

        public double SyncsPerSecond => WalSyncs / Seconds;

        public static Window Combine(List<Window> windows) => new(
            windows.Sum(w => w.Seconds), windows.Sum(w => w.Postgres), windows.Sum(w => w.Hosts), windows.Sum(w => w.Driver),
            windows.Sum(w => w.MachineBusy), windows.Sum(w => w.Kcis), windows.Sum(w => w.WalBytes), windows.Sum(w => w.WalSyncs));

        public static async Task<Open> StartAsync(PostgresServer server, int[] hosts)
        {
            var wal = await WalAsync(server);
            return new Open(
                server, hosts, wal, ProcessCpu.Snapshot([], server.PostmasterPid()), ProcessCpu.Snapshot(hosts, null), ProcessCpu.Snapshot([Environment.ProcessId], null),
                ProcessCpu.Machine().Busy, Stopwatch.StartNew());
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"CPU PostgreSQL {PostgresShare:0} %, host(s) {HostShare:0} %, driver {DriverShare:0} %, other processes {OtherShare:0} %, idle {IdleShare:0} %; WAL {WalBytesPerKci:N0} B per KCI, {SyncsPerSecond:N0} syncs/s");

        private double Share(double seconds) => seconds / (Seconds * Cores) * 100;

        private static async Task<(long Bytes, long Syncs)> WalAsync(PostgresServer server)
        {
            await using var connection = new NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT wal_bytes::bigint, wal_sync FROM pg_stat_wal;", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }

        /// <summary>A window being measured.</summary>
        public sealed record Open(
            PostgresServer Server, int[] HostIds, (long Bytes, long Syncs) Wal, Dictionary<int, double> Postgres, Dictionary<int, double> Hosts,
            Dictionary<int, double> Driver, double MachineBusy, Stopwatch Clock)
        {
            public async Task<Window> StopAsync(long kcis)
            {
                var seconds = Clock.Elapsed.TotalSeconds;
                var postgres = ProcessCpu.Used(Postgres, ProcessCpu.Snapshot([], Server.PostmasterPid()));
                var hosts = ProcessCpu.Used(Hosts, ProcessCpu.Snapshot(HostIds, null));
                var driver = ProcessCpu.Used(Driver, ProcessCpu.Snapshot([Environment.ProcessId], null));
                var busy = ProcessCpu.Machine().Busy - MachineBusy;
                var wal = await WalAsync(Server);
                return new Window(seconds, postgres, hosts, driver, busy, kcis, wal.Bytes - Wal.Bytes, wal.Syncs - Wal.Syncs);
            }
        }
    }

    internal sealed record Options(string ResultsDirectory, int Seconds, int SliceSeconds, int Rounds, int Rate, bool Dispatch, int DrainSeconds);
}
