using System.Diagnostics;
using System.Net;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Reliability.Tests.Infrastructure;
using FibreCafe.TestSupport;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests;

/// <summary>
/// Two receivers behind a "load balancer" (the test picks one at random for each delivery) on one PostgreSQL
/// database: 5,000 KCIs about 250 orders, each order's KCIs delivered in sequence order, about a fifth of
/// them delivered twice (to both receivers at once, or again later to the other one).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoReceiversOnOnePostgreSqlTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Orders = 250;
    private const int KcisPerOrder = 20;
    private const string Password = "two-receivers-Basic-password-5000";

    [Fact]
    public async Task Five_thousand_kcis_with_duplicates_spread_across_two_receivers_are_each_dispatched_once_in_order()
    {
        var watch = Stopwatch.StartNew();
        var dispatched = new DispatchLog();
        var schema = PostgresFixture.NewSchema();
        await using var a = await ReceiverHost.StartAsync("a", Password, postgres.ConnectionString, schema, dispatched);
        await using var b = await ReceiverHost.StartAsync("b", Password, postgres.ConnectionString, schema, dispatched);
        var receivers = new[] { a, b };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var duplicates = 0;

        async Task PostAsync(ReceiverHost receiver, byte[] body)
        {
            using var response = await Kcis.PostAsync(http, receiver.Kcis, body, Password);
            statuses.Add(response.StatusCode);
        }

        // Each order is one stream (its KCIs in order, each acknowledged before the next); 16 streams at once.
        await Parallel.ForEachAsync(Enumerable.Range(1, Orders), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (order, _) =>
        {
            var random = new Random(order);
            byte[]? previous = null;
            for (var sequence = 1; sequence <= KcisPerOrder; sequence++)
            {
                var body = Encoding.UTF8.GetBytes(Kcis.OrderStatus(order, sequence).ToJsonString());
                var pick = random.Next(2);
                if (random.Next(10) == 0)
                {
                    // The same KCI to both receivers at the same time.
                    await Task.WhenAll(PostAsync(receivers[pick], body), PostAsync(receivers[1 - pick], body));
                    Interlocked.Increment(ref duplicates);
                }
                else
                {
                    await PostAsync(receivers[pick], body);
                }

                if (previous is not null && random.Next(10) == 0)
                {
                    // A late re-delivery of the previous KCI, to the other receiver, after its successor.
                    await PostAsync(receivers[1 - pick], previous);
                    Interlocked.Increment(ref duplicates);
                }

                previous = body;
            }
        });
        var delivered = watch.Elapsed;

        await Eventually.HoldsAsync(
            async () => (await a.Inbox.GetStatisticsAsync()).Done == Orders * KcisPerOrder,
            "every KCI dispatched", TimeSpan.FromMinutes(3));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NoContent, s));
        Assert.Equal(Orders * KcisPerOrder + duplicates, statuses.Count);
        Assert.Equal(new KciInboxStatistics(0, 0, Orders * KcisPerOrder), await b.Inbox.GetStatisticsAsync());

        // Exactly once: one event per KCI (each one changes its order's status), heard once, by one receiver.
        var events = dispatched.All;
        Assert.All(events, e => Assert.IsType<ServiceOrderStatusChanged>(e.Event));
        Assert.Equal(Orders * KcisPerOrder, events.Count);
        Assert.Equal(Orders * KcisPerOrder, events.Select(e => e.Event.KciId).Distinct().Count());

        // Order: each order's events were heard in sequence order 1..20, whichever receiver dispatched them.
        foreach (var order in events.GroupBy(e => ((ServiceOrderStatusChanged)e.Event).OrderId))
        {
            Assert.Equal(Enumerable.Range(1, KcisPerOrder).Select(n => (long)n), order.Select(e => e.Event.SequenceNumber));
        }

        // Both receivers stored and dispatched a share; the duplicates were recognised as such on both.
        var byReceiver = events.GroupBy(e => e.Receiver).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byReceiver.GetValueOrDefault("a") > 0 && byReceiver.GetValueOrDefault("b") > 0, $"dispatched by a: {byReceiver.GetValueOrDefault("a")}, by b: {byReceiver.GetValueOrDefault("b")}");
        int Logged(string start) => receivers.Sum(r => r.Logs.GetSnapshot().Count(l => l.Message.StartsWith("KCI ", StringComparison.Ordinal) && l.Message.Contains(start, StringComparison.Ordinal)));
        Assert.Equal(Orders * KcisPerOrder, Logged(") stored;"));
        Assert.Equal(duplicates, Logged(" was already stored;"));

        var audit = new SecretAudit().Basic(Kcis.Username, Password).Secret(postgres.Server.Password);
        audit.AssertClean(a.Logs, "receiver a's logs");
        audit.AssertClean(b.Logs, "receiver b's logs");
        output.WriteLine(
            $"{Orders * KcisPerOrder} KCIs + {duplicates} duplicates delivered in {delivered.TotalSeconds:F1} s, all dispatched after {watch.Elapsed.TotalSeconds:F1} s; " +
            $"dispatched by a: {byReceiver.GetValueOrDefault("a")}, by b: {byReceiver.GetValueOrDefault("b")}; {audit.LinesChecked} log lines audited.");
    }
}
