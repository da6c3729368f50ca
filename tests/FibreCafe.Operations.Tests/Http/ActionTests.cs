using System.Net;
using FibreCafe.Kci;
using FibreCafe.Operations.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Operations.Tests.Http;

/// <summary>The actions over HTTP, on one host for the class (each test its own order or listener).</summary>
public sealed class ActionTests(ActionTests.HostFixture fixture) : IClassFixture<ActionTests.HostFixture>
{
    private OperationsHost Host => fixture.Host;

    [Fact]
    public async Task Rescheduling_moves_the_time_records_the_user_and_logs_the_action()
    {
        var request = await Host.CancelOrderAsync(910001, scheduledFor: DateTimeOffset.UtcNow.AddDays(2));
        using var client = await Host.ClientAsync("operator");
        var page = await client.GetStringAsync(Path("requests/" + request.Id));
        var later = DateTimeOffset.UtcNow.AddDays(3);

        using var answer = await client.PostAsync(Path($"requests/{request.Id}/reschedule"), Form(page, ("at", later.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal($"../../requests/{request.Id}?done=rescheduled", answer.Headers.Location!.OriginalString);
        var moved = (await Host.Requests.GetAsync(request.Id))!;
        Assert.Equal(later.UtcDateTime.ToString("yyyy-MM-ddTHH:mm"), moved.ScheduledFor.UtcDateTime.ToString("yyyy-MM-ddTHH:mm"));
        Assert.Contains(await Host.Requests.GetHistoryAsync(request.Id), h => h.By == "operator");
        Assert.Contains(Host.Logs.GetSnapshot(), l => l.Id.Id == 1301 && l.Message.Contains("operator took 'reschedule'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_time_in_the_past_or_an_action_the_state_forbids_changes_nothing_and_says_why()
    {
        var request = await Host.CancelOrderAsync(910002, scheduledFor: DateTimeOffset.UtcNow.AddDays(2));
        using var client = await Host.ClientAsync("operator");
        var page = await client.GetStringAsync(Path("requests/" + request.Id));

        using var past = await client.PostAsync(Path($"requests/{request.Id}/reschedule"), Form(page, ("at", "2020-01-01T00:00")));
        using var resubmit = await client.PostAsync(Path($"requests/{request.Id}/resubmit"), Form(page));
        using var unknown = await client.PostAsync(Path($"requests/{request.Id}/delete"), Form(page));

        Assert.EndsWith("done=bad-time", past.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.EndsWith("done=refused", resubmit.Headers.Location!.OriginalString, StringComparison.Ordinal); // a scheduled request is not parked
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var after = (await Host.Requests.GetAsync(request.Id))!;
        Assert.Equal(CancellationRequestState.Scheduled, after.State);
        Assert.Equal(request.ScheduledFor.ToUnixTimeMilliseconds(), after.ScheduledFor.ToUnixTimeMilliseconds()); // the store keeps milliseconds
        Assert.Contains("state no longer allows", await client.GetStringAsync(Path($"requests/{request.Id}?done=refused")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrying_a_listeners_parked_notifications_makes_them_pending_and_hides_the_callbacks_secrets()
    {
        var (subscription, parked) = await HttpSeeds.ListenerAsync(Host, parked: 2, pending: 1);
        using var client = await Host.ClientAsync("operator");
        var page = await client.GetStringAsync(Path("subscriptions/" + subscription));
        Assert.DoesNotContain("pa55word", page, StringComparison.Ordinal);
        Assert.DoesNotContain("t0k3n", page, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(page, "Retry")); // one per parked notification, and "Retry every parked notification"

        using var one = await client.PostAsync(Path($"subscriptions/{subscription}/retry"), Form(page, ("eventId", parked[0].ToString())));
        var backlog = await Backlog(subscription);
        Assert.Equal((2, 1), (backlog.Pending, backlog.Parked));

        using var all = await client.PostAsync(Path($"subscriptions/{subscription}/retry"), Form(page));
        backlog = await Backlog(subscription);
        Assert.Equal((3, 0), (backlog.Pending, backlog.Parked));
        Assert.EndsWith("done=retried", all.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var none = await client.PostAsync(Path($"subscriptions/{subscription}/retry"), Form(page));
        Assert.EndsWith("done=nothing-to-retry", none.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parked_kcis_error_is_shown_redacted_and_stats_count_it()
    {
        Host.FailingOrders[910004] = true;
        await Host.CancelOrderAsync(910004);
        var parked = await Host.KciOfOrderAsync(910004, KciInboxStatus.Parked);
        using var client = await Host.ClientAsync("viewer");

        var page = await client.GetStringAsync(Path("inbox/" + parked.KciId));
        using var stats = await client.GetAsync(Path("api/stats"));
        var json = System.Text.Json.JsonDocument.Parse(await stats.Content.ReadAsStringAsync()).RootElement;

        Assert.Contains("The test handler fails for order 910004", page, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", page, StringComparison.Ordinal);
        Assert.Equal("application/json", stats.Content.Headers.ContentType!.MediaType);
        Assert.True(json.GetProperty("inbox").GetProperty("parked").GetInt64() >= 1);
        Assert.True(json.GetProperty("requests").GetProperty("byState").TryGetProperty("Scheduled", out _));
    }

    [Fact]
    public async Task Every_page_and_every_refusal_carries_the_strict_content_security_policy()
    {
        using var viewer = await Host.ClientAsync("viewer");
        using var outsider = await Host.ClientAsync("outsider");

        foreach (var answer in new[] { await viewer.GetAsync(Path("")), await viewer.GetAsync(Path("requests")), await outsider.GetAsync(Path("inbox")) })
        {
            using (answer)
            {
                Assert.Equal("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                    answer.Headers.GetValues("Content-Security-Policy").Single());
                Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            }
        }
    }

    private static string Path(string rest) => "fibrecafe/" + rest;

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new([HttpSeeds.Token(page), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    private static int CountOf(string html, string label) => html.Split("<button type=\"submit\">" + label).Length - 1;

    private async Task<NotificationBacklog> Backlog(Guid subscription) =>
        (await Host.Services.GetRequiredService<INotificationOutbox>().GetBacklogAsync()).Single(b => b.SubscriptionId == subscription);

    public sealed class HostFixture : IAsyncLifetime
    {
        public OperationsHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await OperationsHost.StartAsync();

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
