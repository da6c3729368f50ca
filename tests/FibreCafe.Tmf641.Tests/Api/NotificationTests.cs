using System.Text.Json;
using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Testing;
using FibreCafe.Tmf641.Tests.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>Notifications end to end: made from the requests and KCIs, delivered at least once, in order, to every matching listener.</summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private Tmf641Host _host = null!;
    private TestListener _listener = null!;

    public async Task InitializeAsync()
    {
        _host = await Tmf641Host.StartAsync(o => o.Hub.MaxAttempts = 4);
        _listener = await TestListener.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _listener.DisposeAsync();
    }

    private static void AssertConforms(string eventType, JsonObject body)
    {
        using var document = JsonDocument.Parse(body.ToJsonString());
        Tmf641Contract.AssertConforms(document.RootElement, eventType, eventType);
    }

    private async Task<string> CompleteOneAsync(string? scenario = null)
    {
        var created = await _host.CreateAsync();
        using (scenario is null ? null : FibreCafeTestScenario.Begin(scenario))
        {
            await _host.Requests.RunAsync();
        }

        var id = (string)created["id"]!;
        await _host.Requests.SettledAsync(Guid.Parse(id), r => CancellationRequestLifecycle.IsTerminal(r.State));
        return id;
    }

    [Fact]
    public async Task A_listener_hears_the_cancellation_created_in_progress_and_done_and_the_order_cancelled_each_at_its_listener_path()
    {
        await _host.RegisterAsync(_listener.Callback);

        var id = await CompleteOneAsync();
        await _host.NotifyAsync();

        var received = _listener.Received;
        var tasks = received.Where(r => r.Body["event"]!["cancelServiceOrder"] is not null).ToList();
        Assert.Equal(
            [("/cb/listener/cancelServiceOrderCreateEvent", "accepted"), ("/cb/listener/cancelServiceOrderStateChangeEvent", "inProgress"), ("/cb/listener/cancelServiceOrderStateChangeEvent", "done")],
            tasks.Select(r => (r.Path, (string)r.Body["event"]!["cancelServiceOrder"]!["state"]!)));
        Assert.All(tasks, r => Assert.Equal(id, (string?)r.Body["event"]!["cancelServiceOrder"]!["id"]));
        var orders = received.Where(r => r.Body["event"]!["serviceOrder"] is not null).ToList();
        Assert.All(orders, r => Assert.Equal("/cb/listener/serviceOrderStateChangeEvent", r.Path));
        Assert.Equal("cancelled", (string?)orders[^1].Body["event"]!["serviceOrder"]!["state"]);
        Assert.Contains(orders, r => (string?)r.Body["event"]!["serviceOrder"]!["state"] == "pendingCancellation");
        Assert.All(received, r => AssertConforms((string)r.Body["eventType"]!, r.Body));
        Assert.Equal(received.Count, received.Select(r => (string)r.Body["eventId"]!).Distinct().Count());
        var conversation = (await _host.Requests.Requests.GetAsync(Guid.Parse(id)))!.ConversationId;
        Assert.All(tasks, r => Assert.Equal(conversation, (string?)r.Body["correlationId"]));
    }

    [Fact]
    public async Task A_query_chooses_the_events_and_their_values_and_a_listener_hears_nothing_from_before_it_registered()
    {
        var earlier = await CompleteOneAsync();
        await _host.NotifyAsync();
        await _host.RegisterAsync(_listener.Callback, "eventType=CancelServiceOrderStateChangeEvent&event.cancelServiceOrder.state=done");

        await CompleteOneAsync(FibreCafeSandboxScenarios.CancellationRejected);
        var done = await CompleteOneAsync();
        await _host.NotifyAsync();

        var heard = _listener.Received.Select(r => (string)r.Body["event"]!["cancelServiceOrder"]!["id"]!).ToList();
        Assert.Equal(2, heard.Count); // the rejected one is done too; nothing of the earlier one, nothing but done
        Assert.Contains(done, heard);
        Assert.DoesNotContain(earlier, heard);
        Assert.All(_listener.Received, r => Assert.Equal("CancelServiceOrderStateChangeEvent", (string?)r.Body["eventType"]));
    }

    [Fact]
    public async Task A_listener_that_is_down_gets_everything_once_back_in_order_with_the_same_event_ids_and_never_delays_another()
    {
        await using var healthy = await TestListener.StartAsync();
        await _host.RegisterAsync(_listener.Callback, "eventType=CancelServiceOrderCreateEvent,CancelServiceOrderStateChangeEvent");
        await _host.RegisterAsync(healthy.Callback, "eventType=CancelServiceOrderCreateEvent,CancelServiceOrderStateChangeEvent");
        _listener.Down = true;

        await CompleteOneAsync();
        await _host.NotifyAsync();
        Assert.Equal(["accepted", "inProgress", "done"], healthy.Received.Select(r => (string)r.Body["event"]!["cancelServiceOrder"]!["state"]!));
        Assert.Empty(_listener.Received);
        Assert.True(_listener.Refused >= 1);

        _listener.Down = false;
        for (var i = 0; i < 3; i++)
        {
            _host.Requests.Clock.Advance(TimeSpan.FromMinutes(10)); // past every back-off
            await _host.NotifyAsync();
        }

        Assert.Equal(["accepted", "inProgress", "done"], _listener.Received.Select(r => (string)r.Body["event"]!["cancelServiceOrder"]!["state"]!));
        Assert.Equal(healthy.Received.Select(r => (string)r.Body["eventId"]!), _listener.Received.Select(r => (string)r.Body["eventId"]!));
    }

    [Fact]
    public async Task A_notification_that_keeps_failing_is_parked_after_its_attempts_and_stays_visible()
    {
        await _host.RegisterAsync(_listener.Callback, "eventType=CancelServiceOrderCreateEvent");
        _listener.Down = true;
        await _host.CreateAsync();

        for (var i = 0; i < 6; i++)
        {
            await _host.NotifyAsync(passes: 1);
            _host.Requests.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        var outbox = _host.Requests.Services.GetRequiredService<INotificationOutbox>();
        var parked = Assert.Single((await outbox.ListAsync(new NotificationQuery { State = NotificationState.Parked })).Items);
        Assert.Equal(4, parked.Attempts);
        Assert.Equal(503, parked.LastStatus);
        Assert.Equal(4, _listener.Refused);

        _listener.Down = false;
        Assert.True(await outbox.RetryAsync(parked.SubscriptionId, parked.EventId));
        await _host.NotifyAsync(passes: 1);
        Assert.Equal(parked.EventId.ToString("D"), (string?)Assert.Single(_listener.Received).Body["eventId"]);
    }

    [Fact]
    public async Task A_parked_notification_holds_back_the_later_ones_of_its_resource_until_it_is_retried_so_the_order_holds()
    {
        await using var host = await Tmf641Host.StartAsync(o => o.Hub.MaxAttempts = 1);
        await host.RegisterAsync(_listener.Callback, "eventType=CancelServiceOrderCreateEvent,CancelServiceOrderStateChangeEvent");
        _listener.Down = true;
        var created = await host.CreateAsync();
        await host.NotifyAsync(passes: 1); // the create event fails once: parked

        _listener.Down = false;
        await host.Requests.RunAsync();
        await host.Requests.SettledAsync(Guid.Parse((string)created["id"]!), r => r.State == CancellationRequestState.Completed);
        await host.NotifyAsync();
        Assert.Empty(_listener.Received); // the later events wait behind the parked create

        var outbox = host.Requests.Services.GetRequiredService<INotificationOutbox>();
        var parked = Assert.Single((await outbox.ListAsync(new NotificationQuery { State = NotificationState.Parked })).Items);
        Assert.True(await outbox.RetryAsync(parked.SubscriptionId, parked.EventId));
        await host.NotifyAsync();

        Assert.Equal(["accepted", "inProgress", "done"], _listener.Received.Select(r => (string)r.Body["event"]!["cancelServiceOrder"]!["state"]!));
    }

    [Fact]
    public async Task A_removed_listener_hears_nothing_more()
    {
        var subscription = await _host.RegisterAsync(_listener.Callback);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"hub/{subscription["id"]}"))
        {
            Assert.Equal(204, (await _host.SendAsync(delete)).Status);
        }

        await CompleteOneAsync();
        await _host.NotifyAsync();

        Assert.Empty(_listener.Received);
    }

    [Fact]
    public async Task The_hosted_feed_and_delivery_send_a_create_event_without_being_driven()
    {
        await using var hosted = await Tmf641Host.StartAsync(o => o.Hub.DeliveryEnabled = true);
        await hosted.RegisterAsync(_listener.Callback, "eventType=CancelServiceOrderCreateEvent");

        var created = await hosted.CreateAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_listener.Received.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal((string?)created["id"], (string?)Assert.Single(_listener.Received).Body["event"]!["cancelServiceOrder"]!["id"]);
    }

    [Fact]
    public async Task A_stored_callback_that_now_reaches_a_private_address_is_refused_at_connection()
    {
        var store = _host.Requests.Services.GetRequiredService<IEventSubscriptionStore>();
        await store.AddAsync(new EventSubscription
        {
            Id = Guid.NewGuid(), Api = Tmf641Constants.HubApi, Callback = "http://10.255.255.1:9/cb", CreatedAt = _host.Requests.Clock.GetUtcNow().AddMinutes(-1),
        });

        await _host.CreateAsync();
        await _host.NotifyAsync(passes: 1);

        var outbox = _host.Requests.Services.GetRequiredService<INotificationOutbox>();
        var failed = Assert.Single((await outbox.ListAsync(new NotificationQuery())).Items);
        Assert.Equal((NotificationState.Pending, 1), (failed.State, failed.Attempts));
        Assert.Contains("does not allow", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivered_notifications_are_deleted_after_their_retention_and_undelivered_ones_are_kept()
    {
        await _host.RegisterAsync(_listener.Callback, "eventType=CancelServiceOrderCreateEvent");
        await using var down = await TestListener.StartAsync();
        down.Down = true;
        await _host.RegisterAsync(down.Callback, "eventType=CancelServiceOrderCreateEvent");
        await _host.CreateAsync();
        await _host.NotifyAsync(passes: 1);
        var retention = _host.Requests.Services.GetRequiredService<Tmf641.Notifications.Tmf641NotificationRetention>();

        var before = (await _host.Requests.Services.GetRequiredService<INotificationOutbox>().ListAsync(new NotificationQuery())).Items;
        Assert.Equal([NotificationState.Pending, NotificationState.Delivered], before.Select(n => n.State).Order());
        Assert.Equal(0, await retention.RunOnceAsync(CancellationToken.None));
        _host.Requests.Clock.Advance(Tmf641Constants.DefaultDeliveredRetention + TimeSpan.FromMinutes(1));
        await retention.RunOnceAsync(CancellationToken.None); // the hosted one, woken by the clock, may have been first

        var left = Assert.Single((await _host.Requests.Services.GetRequiredService<INotificationOutbox>().ListAsync(new NotificationQuery())).Items);
        Assert.Equal(NotificationState.Pending, left.State); // the one its listener never took
    }

    [Fact]
    public async Task A_listener_that_hangs_holds_at_most_half_the_delivery_slots_and_the_others_are_delivered_meanwhile()
    {
        await using var hosted = await Tmf641Host.StartAsync(o =>
        {
            o.Hub.DeliveryEnabled = true;
            o.Hub.MaxConcurrentDeliveries = 4;
            o.Hub.AttemptTimeout = TimeSpan.FromSeconds(30);
        });
        var release = new TaskCompletionSource();
        await using var hanging = await TestListener.StartAsync();
        hanging.Hang = release.Task;
        await hosted.RegisterAsync(hanging.Callback, "eventType=CancelServiceOrderCreateEvent");
        await hosted.RegisterAsync(_listener.Callback, "eventType=CancelServiceOrderCreateEvent");

        for (var order = 1; order <= 6; order++)
        {
            await hosted.CreateAsync(orderId: order);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_listener.Received.Count < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(6, _listener.Received.Count); // all of them while the other listener still hangs
        Assert.Empty(hanging.Received);
        release.SetResult();
    }
}
