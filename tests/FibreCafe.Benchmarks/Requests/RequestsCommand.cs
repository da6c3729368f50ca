using System.Diagnostics;
using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;
using FibreCafe.Benchmarks.Receiver;
using FibreCafe.Benchmarks.Store;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Benchmarks.Requests;

/// <summary>
/// The <c>requests</c> command (issue 15):
/// <list type="number">
/// <item>durable submissions per second (<see cref="ICancellationRequests.SubmitAsync"/>, 32 callers) against the
/// receiver's durable KCI intake (<see cref="IKciInbox.AddAsync"/>, the write a 204 waits for, 32 callers) on the same
/// store, alternating, in the same process: SQLite and PostgreSQL (a throw-away server);</item>
/// <item>the processing run's sends per second: 3,000 due requests, the benchmarks' loopback gateway (its own process,
/// a fixed 201), MaxConcurrentSends 8 (the default) and 32;</item>
/// <item>the delay from due time to send at 100 requests per second falling due (submitted due now) for 20 s.</item>
/// </list>
/// No HTTP on the intake side of the ratio: both sides are the durable write and what precedes it in-process.
/// </summary>
internal static class RequestsCommand
{
    private const int Callers = 32;

    public static async Task<int> RunAsync(string results, int seconds, int sends, int ratePerSecond, int rateSeconds)
    {
        Directory.CreateDirectory(results);
        var md = new StringBuilder();
        md.AppendLine("## Durable cancellation requests (issue 15)");
        md.AppendLine();
        md.AppendLine("| figure | SQLite | PostgreSQL |");
        md.AppendLine("|---|---:|---:|");

        var sqlite = await MeasureRatioAsync("SQLite", seconds, null);
        await using var postgres = await PostgresServer.StartAsync();
        var pg = await MeasureRatioAsync("PostgreSQL", seconds, postgres.ConnectionString);
        md.AppendLine(Row("KCI intake (`IKciInbox.AddAsync`, 32 callers)", $"{sqlite.Intake:N0}/s", $"{pg.Intake:N0}/s"));
        md.AppendLine(Row("submissions (`SubmitAsync`, 32 callers)", $"{sqlite.Submissions:N0}/s", $"{pg.Submissions:N0}/s"));
        md.AppendLine(Row("submissions ÷ intake (goal ≥ 0.5)", $"{sqlite.Ratio:0.00}", $"{pg.Ratio:0.00}"));
        Goals.Append(results, "durable submissions ÷ KCI intake, SQLite", "≥ 0.5", $"{sqlite.Ratio:0.00} ({sqlite.Submissions:N0} vs {sqlite.Intake:N0}/s)", sqlite.Ratio >= 0.5);
        Goals.Append(results, "durable submissions ÷ KCI intake, PostgreSQL", "≥ 0.5", $"{pg.Ratio:0.00} ({pg.Submissions:N0} vs {pg.Intake:N0}/s)", pg.Ratio >= 0.5);

        var sends8 = await MeasureSendsAsync(sends, 8);
        var sends32 = await MeasureSendsAsync(sends, 32);
        md.AppendLine(Row($"processing run sends/s, {sends:N0} due, loopback gateway, MaxConcurrentSends 8 / 32", $"{sends8:N0} / {sends32:N0}", "—"));
        Goals.Append(results, "processing run sends per second (SQLite, loopback gateway, defaults)", "reported", $"{sends8:N0}/s ({sends32:N0}/s with 32 at once)", "—");

        var delay = await MeasureDelayAsync(ratePerSecond, rateSeconds);
        md.AppendLine(Row($"delay due → send at {ratePerSecond}/s for {rateSeconds} s (p50 / p99 / max)", delay.ToString(), "—"));
        Goals.Append(results, $"p99 delay from due time to send at {ratePerSecond} due/s", "≤ 1 s", delay.ToString(), delay.P99 <= 1000);
        md.AppendLine();
        File.WriteAllText(Path.Combine(results, "requests.md"), md.ToString());
        Console.Write(md.ToString());
        return 0;
    }

    private static string Row(string what, string sqlite, string pg) => $"| {what} | {sqlite} | {pg} |";

    // Two rounds each, alternating, so that drift of a shared machine falls on both sides; the medians are compared.
    private static async Task<(double Intake, double Submissions, double Ratio)> MeasureRatioAsync(string name, int seconds, string? postgres)
    {
        var folder = Directory.CreateTempSubdirectory("fibrecafe-bench-requests-");
        try
        {
            await using var provider = Services(services => Store(services, folder, postgres), processing: false);
            var inbox = provider.GetRequiredService<IKciInbox>();
            var requests = provider.GetRequiredService<ICancellationRequests>();
            await inbox.GetStatisticsAsync();
            await requests.GetStatisticsAsync();
            var body = new byte[KciRequestFactory.BodyLength];
            Random.Shared.NextBytes(body);
            long order = 0, kci = 0;
            var intake = new List<double>();
            var submissions = new List<double>();
            for (var round = 0; round < 2; round++)
            {
                intake.Add(await RateAsync(seconds, _ => inbox.AddAsync(StoreBatchCommand.Entry(Interlocked.Increment(ref kci), body))));
                submissions.Add(await RateAsync(seconds, _ => requests.SubmitAsync(CancellationSubmission.ForOrder(
                    new ServiceOrderCancellationRequest { OrderId = Interlocked.Increment(ref order), ReasonCode = "CUSTOMER_CHANGED_MIND", Text = "Delivery too long" }))));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} round {round + 1}: intake {intake[^1]:N0}/s, submissions {submissions[^1]:N0}/s"));
            }

            var i = intake.Average();
            var s = submissions.Average();
            return (i, s, s / i);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<double> MeasureSendsAsync(int count, int concurrency)
    {
        var folder = Directory.CreateTempSubdirectory("fibrecafe-bench-sends-");
        try
        {
            using var gateway = ChildServer.Start("serve-gateway");
            using (var seed = Services(s => Store(s, folder, null), processing: false))
            {
                var requests = seed.GetRequiredService<ICancellationRequests>();
                await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (i, ct) =>
                    await requests.SubmitAsync(CancellationSubmission.ForOrder(new ServiceOrderCancellationRequest { OrderId = i, ReasonCode = "OTHER" }), ct));
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var host = Host(folder, gateway.Url, o => o.MaxConcurrentSends = concurrency);
            var clock = Stopwatch.StartNew();
            await host.StartAsync();
            var store = host.Services.GetRequiredService<ICancellationRequests>();
            while ((await store.GetStatisticsAsync()).Count(CancellationRequestState.Created) < count && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(50);
            }

            var elapsed = clock.Elapsed;
            await host.StopAsync();
            var rate = count / elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sends: {count:N0} in {elapsed.TotalSeconds:0.00} s with {concurrency} at once: {rate:N0}/s"));
            return rate;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<LatencySummary> MeasureDelayAsync(int perSecond, int seconds)
    {
        var folder = Directory.CreateTempSubdirectory("fibrecafe-bench-delay-");
        try
        {
            using var gateway = ChildServer.Start("serve-gateway");
            using var host = Host(folder, gateway.Url, _ => { });
            await host.StartAsync();
            var requests = host.Services.GetRequiredService<ICancellationRequests>();
            var ids = new List<Guid>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < perSecond * seconds; i++)
            {
                // Paced: request i is submitted at i / rate seconds, due at once.
                var wait = TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                ids.Add((await requests.SubmitAsync(CancellationSubmission.ForOrder(new ServiceOrderCancellationRequest { OrderId = i + 1, ReasonCode = "OTHER" }))).Id);
            }

            while ((await requests.GetStatisticsAsync()).Count(CancellationRequestState.Created) < ids.Count && clock.Elapsed < TimeSpan.FromSeconds(seconds + 60))
            {
                await Task.Delay(50);
            }

            var delays = new List<double>();
            foreach (var id in ids)
            {
                if (await requests.GetAsync(id) is { LastAttemptAt: { } attempted } r)
                {
                    delays.Add((attempted - r.ScheduledFor).TotalMilliseconds);
                }
            }

            await host.StopAsync();
            var summary = LatencySummary.Of(delays);
            Console.WriteLine($"delay at {perSecond}/s: {summary} over {summary.Count:N0} requests");
            return summary;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<double> RateAsync(int seconds, Func<int, Task> operation)
    {
        var stop = Stopwatch.StartNew();
        long done = 0;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async worker =>
        {
            while (stop.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                await operation(worker);
                Interlocked.Increment(ref done);
            }
        }));
        return done / stop.Elapsed.TotalSeconds;
    }

    private static void Store(IFibreCafeKciReceiverBuilder receiver, DirectoryInfo folder, string? postgres)
    {
        if (postgres is null)
        {
            receiver.UseSqliteStore(Path.Combine(folder.FullName, "kci.db"));
        }
        else
        {
            receiver.UsePostgreSqlStore(o =>
            {
                o.ConnectionString = postgres;
                o.Schema = "b_" + Guid.NewGuid().ToString("N");
            });
        }
    }

    private static ServiceProvider Services(Action<IFibreCafeKciReceiverBuilder> store, bool processing)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        store(services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = ReceiverHost.Username;
            o.Authentication.Basic.Password = ReceiverHost.Password;
            o.Dispatch.Enabled = false;
        }));
        services.AddFibreCafeClient(o => Gateway(o, new Uri("http://127.0.0.1:9"))); // never called: nothing is sent here
        services.AddFibreCafeCancellationRequests(o => o.ProcessingEnabled = processing);
        return services.BuildServiceProvider();
    }

    private static void Gateway(FibreCafeClientOptions options, Uri gateway)
    {
        options.BaseAddress = new Uri(gateway, "/v1");
        options.TokenEndpoint = new Uri(gateway, LoopbackGateway.TokenPath);
        options.ClientId = LoopbackGateway.ClientId;
        options.ClientSecret = LoopbackGateway.ClientSecret;
    }

    private static IHost Host(DirectoryInfo folder, Uri gateway, Action<CancellationRequestsOptions> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = ReceiverHost.Username;
            o.Authentication.Basic.Password = ReceiverHost.Password;
            o.Dispatch.Enabled = false;
        }).UseSqliteStore(Path.Combine(folder.FullName, "kci.db"));
        builder.Services.AddFibreCafeClient(o => Gateway(o, gateway));
        builder.Services.AddFibreCafeCancellationRequests(configure);
        return builder.Build();
    }
}
