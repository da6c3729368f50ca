using System.Collections.Concurrent;
using System.Diagnostics;
using FibreCafe.Reliability.Tests.Infrastructure;
using FibreCafe.TestSupport;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests;

/// <summary>
/// The sample receiver as a child process takes a stream of 1,000 KCIs (40 orders, 25 each, in order per
/// order, 8 orders at a time; the "gateway" delivers each KCI again until it gets a 204, as the real one
/// does). Once 400 are acknowledged it is killed with SIGKILL, mid-stream and mid-dispatch, then started again
/// on the same store and port. Run on the SQLite store and on the PostgreSQL store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReceiverKilledTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Orders = 40;
    private const int KcisPerOrder = 25;
    private const int KillAfter = 400;
    private const int MaxConcurrency = 4;
    private const string Password = "killed-receiver-Basic-password-9";

    [Theory]
    [InlineData("SQLite")]
    [InlineData("PostgreSQL")]
    public async Task Every_acknowledged_kci_is_dispatched_after_a_sigkill_and_only_kcis_in_flight_are_dispatched_again(string store)
    {
        var watch = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("fibrecafe-killed-");
        var environment = new Dictionary<string, string?>
        {
            ["FibreCafe__Kci__Authentication__Basic__Username"] = Kcis.Username,
            ["FibreCafe__Kci__Authentication__Basic__Password"] = Password,
            ["FibreCafe__Kci__Dispatch__MaxConcurrency"] = MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FibreCafe__Kci__Dispatch__PollInterval"] = "00:00:00.500",
        };
        if (store == "SQLite")
        {
            environment["FibreCafe__Kci__Store__Path"] = Path.Combine(folder.FullName, "kci.db");
        }
        else
        {
            environment["FibreCafe__Kci__Store__ConnectionString"] = postgres.ConnectionString;
            environment["FibreCafe__Kci__Store__Schema"] = PostgresFixture.NewSchema();
            // Shared stores cannot take back a dead receiver's claims at start (another receiver may hold them):
            // they lapse with their lease, shortened here from 5 minutes.
            environment["FibreCafe__Kci__Dispatch__LeaseDuration"] = "00:00:05";
        }

        var port = ReceiverProcess.FreePort();
        var first = await ReceiverProcess.StartAsync(port, environment);
        ReceiverProcess? second = null;
        var acknowledged = new ConcurrentDictionary<Guid, int>();
        var acknowledgedBeforeKill = new HashSet<Guid>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var stream = Parallel.ForEachAsync(Enumerable.Range(1, Orders), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, _) =>
            {
                for (var sequence = 1; sequence <= KcisPerOrder; sequence++)
                {
                    var kci = Kcis.OrderStatus(order, sequence);
                    for (var attempt = 1; ; attempt++)
                    {
                        if (await Kcis.TryPostAsync(http, first.Kcis, kci, Password) == 204)
                        {
                            acknowledged[Kcis.IdOf(kci)] = order;
                            break;
                        }

                        Assert.True(attempt < 600, $"KCI {sequence} of order {order} was never acknowledged");
                        await Task.Delay(100); // the receiver is down: deliver again later
                    }
                }
            });

            await Eventually.HoldsAsync(() => acknowledged.Count >= KillAfter, $"{KillAfter} KCIs acknowledged");
            first.KillHard();
            acknowledgedBeforeKill.UnionWith(acknowledged.Keys);
            var printedBeforeKill = first.Events;
            second = await ReceiverProcess.StartAsync(port, environment);
            await stream;
            await Eventually.HoldsAsync(
                () => first.Events.Concat(second.Events).Select(e => e.KciId).Distinct().Count() == Orders * KcisPerOrder,
                "every KCI dispatched", TimeSpan.FromMinutes(2));

            var before = first.Events;
            var after = second.Events;
            var all = before.Concat(after).ToList();

            // Every acknowledged KCI was dispatched: those acknowledged before the kill included.
            Assert.Equal(Orders * KcisPerOrder, acknowledged.Count);
            Assert.Subset(all.Select(e => e.KciId).ToHashSet(), acknowledgedBeforeKill);
            Assert.Subset(all.Select(e => e.KciId).ToHashSet(), acknowledged.Keys.ToHashSet());
            Assert.Equal(printedBeforeKill.Count, before.Count);

            // No run dispatched a KCI twice; a KCI dispatched by both runs was in flight at the kill: the last
            // one its order had printed, at most one per dispatcher slot, printed the same (same KciId) both times.
            Assert.Equal(before.Count, before.Select(e => e.KciId).Distinct().Count());
            Assert.Equal(after.Count, after.Select(e => e.KciId).Distinct().Count());
            var repeated = before.Where(e => after.Any(x => x.KciId == e.KciId)).ToList();
            Assert.InRange(repeated.Count, 0, MaxConcurrency);
            foreach (var repeat in repeated)
            {
                Assert.Equal(repeat, before.Last(e => e.EntityId == repeat.EntityId));
                Assert.Equal(repeat.Line, after.Single(e => e.KciId == repeat.KciId).Line);
            }

            // Each order's KCIs were dispatched in order across the kill.
            foreach (var order in all.GroupBy(e => e.EntityId))
            {
                Assert.Equal(Enumerable.Range(1, KcisPerOrder).Select(n => (long)n), order.Select(e => e.SequenceNumber).Distinct());
            }

            var audit = new SecretAudit().Basic(Kcis.Username, Password).Secret(postgres.Server.Password);
            audit.AssertClean(first.Stderr.Concat(first.Stdout), "the killed receiver's output");
            audit.AssertClean(second.Stderr.Concat(second.Stdout), "the restarted receiver's output");
            output.WriteLine(
                $"{store}: killed after {acknowledgedBeforeKill.Count} acknowledged KCIs, {before.Count} dispatched; after the restart {after.Count} dispatched, " +
                $"{repeated.Count} of them again (in flight at the kill); {Orders * KcisPerOrder} KCIs in {watch.Elapsed.TotalSeconds:F1} s.");
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
            folder.Delete(recursive: true);
        }
    }
}
