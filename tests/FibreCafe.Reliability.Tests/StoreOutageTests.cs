using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using FibreCafe.Kci;
using FibreCafe.Reliability.Tests.Infrastructure;
using FibreCafe.TestSupport;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests;

/// <summary>
/// The PostgreSQL server is stopped (<c>pg_ctl stop -m fast</c>) while a receiver is taking and dispatching
/// KCIs, then started again. 20 orders, 15 KCIs each: 5 before the outage, 5 during it, 5 after.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreOutageTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Orders = 20;
    private const string Password = "outage-Basic-password-503";

    [Fact]
    public async Task A_store_outage_answers_503_acknowledges_nothing_and_everything_is_taken_and_dispatched_once_the_store_is_back()
    {
        var watch = Stopwatch.StartNew();
        var dispatched = new DispatchLog();
        await using var receiver = await ReceiverHost.StartAsync("a", Password, postgres.ConnectionString, PostgresFixture.NewSchema(), dispatched, new()
        {
            // A claim whose outcome could not be recorded during the outage comes back when its lease lapses.
            ["FibreCafe:Kci:Dispatch:LeaseDuration"] = "00:00:05",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var kcis = Enumerable.Range(1, Orders).ToDictionary(o => o, o => Enumerable.Range(1, 15).Select(s => Kcis.OrderStatus(o, s)).ToList());
        var acknowledged = new ConcurrentBag<Guid>();

        async Task<HttpResponseMessage> Post(System.Text.Json.Nodes.JsonObject kci) =>
            await Kcis.PostAsync(http, receiver.Kcis, Encoding.UTF8.GetBytes(kci.ToJsonString()), Password);

        foreach (var kci in kcis.Values.SelectMany(k => k.Take(5)))
        {
            using var response = await Post(kci);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            acknowledged.Add(Kcis.IdOf(kci));
        }

        await postgres.Server.StopAsync();
        var refused = 0;
        try
        {
            foreach (var kci in kcis.Values.SelectMany(k => k.Skip(5).Take(5)))
            {
                using var response = await Post(kci);
                await AssertTenantFaultAsync(response);
                refused++;
            }

            using var health = await http.GetAsync(receiver.Health);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }
        finally
        {
            await postgres.Server.StartAgainAsync();
        }

        // The gateway delivers the refused KCIs again until they are stored, then carries on.
        var redeliveries = 0;
        foreach (var kci in kcis.Values.SelectMany(k => k.Skip(5)))
        {
            for (var attempt = 1; ; attempt++)
            {
                using var response = await Post(kci);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    acknowledged.Add(Kcis.IdOf(kci));
                    break;
                }

                await AssertTenantFaultAsync(response); // stale pooled connections fail once after the restart
                Assert.True(attempt < 100, "the receiver did not recover");
                redeliveries++;
                await Task.Delay(100);
            }
        }

        await Eventually.HoldsAsync(
            async () => (await receiver.Inbox.GetStatisticsAsync()).Done == Orders * 15, "every KCI dispatched", TimeSpan.FromMinutes(2));

        // What was acknowledged is exactly what is stored; nothing was acknowledged while the store was down.
        var stored = (await receiver.Inbox.ListAsync(KciInboxStatus.Done, 1000)).Select(e => e.KciId).ToHashSet();
        Assert.Equal(Orders * 15, acknowledged.Count);
        Assert.True(stored.SetEquals(acknowledged));
        Assert.Equal(Orders * 5, refused);

        // Dispatched at least once each, in order per order (an outcome the outage kept from being recorded is dispatched again).
        var events = dispatched.All.Select(e => e.Event).ToList();
        Assert.Equal(Orders * 15, events.Select(e => e.KciId).Distinct().Count());
        foreach (var order in events.GroupBy(e => ((ServiceOrderStatusChanged)e).OrderId))
        {
            Assert.Equal(Enumerable.Range(1, 15).Select(n => (long)n), order.Select(e => e.SequenceNumber).Distinct());
        }

        var logs = receiver.Logs.GetSnapshot();
        Assert.Equal(refused + redeliveries, logs.Count(l => l.Message.StartsWith("KCI could not be received or stored; answered 503", StringComparison.Ordinal)));
        var audit = new SecretAudit().Basic(Kcis.Username, Password).Secret(postgres.Server.Password);
        audit.AssertClean(receiver.Logs, "the receiver's logs");
        output.WriteLine(
            $"{refused} KCIs answered 503 during the outage, {redeliveries} more right after it; {Orders * 15} stored and dispatched " +
            $"({events.Count - (Orders * 15)} dispatched twice) in {watch.Elapsed.TotalSeconds:F1} s; {audit.LinesChecked} log lines audited.");
    }

    private static async Task AssertTenantFaultAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("TENANT_FAULT", json.RootElement.GetProperty("code").GetString());
        Assert.True(Guid.TryParse(json.RootElement.GetProperty("uuid").GetString(), out _));
        Assert.NotEmpty(json.RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal(3, json.RootElement.EnumerateObject().Count());
    }
}
