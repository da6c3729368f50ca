using System.Diagnostics;
using System.Text.Json;
using FibreCafe.Kci;
using FibreCafe.Reliability.Tests.Infrastructure;
using FibreCafe.Testing;
using FibreCafe.TestSupport;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests.Requests;

/// <summary>
/// A host running the processing run (the KciReceiver sample with a gateway configured) with 1,000 due requests on
/// 1,000 orders is killed with SIGKILL once about a third were sent, then started again on the same store. The sandbox
/// gateway answers each one (a little slowly, so sends are in flight at the kill) and sends its KCIs, delivering them
/// again until the host is back. On SQLite and on PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RequestsHostKilledTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Requests = 1000;
    private const int KillAfter = 300;
    private const string Password = "killed-requests-host-password-7";

    [Theory]
    [InlineData("SQLite")]
    [InlineData("PostgreSQL")]
    public async Task After_a_sigkill_every_request_reaches_the_gateway_once_and_those_in_flight_end_reconciled_or_parked(string kind)
    {
        var watch = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("fibrecafe-requests-killed-");
        var port = ReceiverProcess.FreePort();
        await using var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.KciUsername = Kcis.Username;
            o.KciPassword = Password;
            o.KciReceiverUrl = new Uri($"http://127.0.0.1:{port}/kcis");
            o.DefaultKciDelay = TimeSpan.Zero;
            o.KciRedeliveryDelay = TimeSpan.FromMilliseconds(200);
            o.MaxKciDeliveryAttempts = 600; // two minutes of a host down
        });
        sandbox.Faults.Latency = TimeSpan.FromMilliseconds(15);
        var store = kind == "SQLite" ? RequestStore.Sqlite(folder) : RequestStore.PostgreSql(postgres);
        await store.SeedAsync(sandbox, Enumerable.Range(1, Requests).Select(i => (long)i));

        var environment = new Dictionary<string, string?>(store.Environment)
        {
            ["FibreCafe__Kci__Authentication__Basic__Username"] = Kcis.Username,
            ["FibreCafe__Kci__Authentication__Basic__Password"] = Password,
            ["FibreCafe__Requests__PollInterval"] = "00:00:00.050",
            ["FibreCafe__Requests__ReconcileWindow"] = "00:00:05",
            // A shared store cannot end a dead instance's leases at start: they lapse, shortened here from 5 minutes.
            ["FibreCafe__Requests__LeaseDuration"] = "00:00:10",
        };
        foreach (var (key, value) in sandbox.ClientConfiguration("FibreCafe"))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var first = await ReceiverProcess.StartAsync(port, environment);
        ReceiverProcess? second = null;
        try
        {
            await Eventually.HoldsAsync(() => sandbox.CancellationRequests >= KillAfter, $"{KillAfter} requests sent");
            first.KillHard();
            var atKill = await store.ReadAsync();
            var inFlight = atKill.Where(r => r.State == CancellationRequestState.Sending).Select(r => r.Number).ToHashSet();
            var sentAtKill = sandbox.CancellationRequests;

            second = await ReceiverProcess.StartAsync(port, environment);
            await Eventually.HoldsAsync(
                async () => (await store.ReadAsync()).All(r => r.State is not (CancellationRequestState.Scheduled or CancellationRequestState.Sending)),
                "every request settled", TimeSpan.FromSeconds(120));
            await sandbox.WhenKcisDeliveredAsync();

            var final = await store.ReadAsync();
            var postsPerOrder = PostsPerOrder(sandbox);
            Assert.Equal(Requests, final.Count);
            Assert.All(postsPerOrder, p => Assert.True(p.Value == 1, $"order {p.Key} got {p.Value} cancellations"));
            Assert.Equal(sandbox.CancellationRequests, postsPerOrder.Count); // every POST created a cancellation, none was lost
            foreach (var request in final)
            {
                var posted = postsPerOrder.ContainsKey(request.OrderId);
                if (request.CancellationId is not null)
                {
                    Assert.True(posted, $"request {request.Number} is linked to a cancellation the gateway never created");
                }
                else
                {
                    // Never sent, or in flight at the kill with no KCI: parked for an operator, never resent on its own.
                    Assert.True(inFlight.Contains(request.Number), $"request {request.Number} ended {request.State} without being in flight at the kill");
                    Assert.Equal((CancellationRequestState.Parked, CancellationRequestParkReason.MayHaveBeenProcessed), (request.State, request.ParkReason!.Value));
                    Assert.False(posted);
                }
            }

            Assert.All(final.Where(r => !inFlight.Contains(r.Number)), r => Assert.NotNull(r.CancellationId));
            output.WriteLine(
                $"{kind}: {sentAtKill} sent at the kill, {inFlight.Count} in flight ({inFlight.Count(n => final.Single(r => r.Number == n).CancellationId is not null)} reconciled by a KCI, "
                + $"{final.Count(r => r.State == CancellationRequestState.Parked)} parked), {sandbox.CancellationRequests} POSTs for {Requests} requests, {watch.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    // Each created cancellation has its own id; the KCIs about an order name the cancellations it got.
    internal static Dictionary<long, int> PostsPerOrder(FibreCafeSandbox sandbox) =>
        sandbox.KciDeliveries
            .Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("serviceOrderCancellation"))
            .Select(c => (Order: c.GetProperty("orderId").GetInt64(), Id: c.GetProperty("id").GetInt64()))
            .Distinct()
            .GroupBy(c => c.Order)
            .ToDictionary(g => g.Key, g => g.Count());
}
