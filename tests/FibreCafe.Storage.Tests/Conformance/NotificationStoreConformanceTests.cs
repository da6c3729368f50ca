using System.Collections.Concurrent;
using FibreCafe.Kci;
using FibreCafe.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="IEventSubscriptionStore"/> and <see cref="INotificationOutbox"/> must do, run against each store
/// (the subclasses at the end). The in-memory and SQLite stores keep time on the host's clock (a fake one here, moved by
/// <see cref="PassAsync"/>); PostgreSQL on the database's, so there time really passes, and every time here is far from
/// any edge.
/// </summary>
public abstract class NotificationStoreConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private StoreUnderTest? _store;

    protected StoreUnderTest Store => _store!;

    protected IEventSubscriptionStore Subscriptions { get; private set; } = null!;

    protected INotificationOutbox Outbox { get; private set; } = null!;

    /// <summary>Gets the store's clock as the tests see it.</summary>
    protected abstract TimeProvider Clock { get; }

    protected DateTimeOffset Now => Clock.GetUtcNow();

    public Task InitializeAsync()
    {
        _store = CreateStore();
        var instance = _store.Open(Clock);
        Subscriptions = instance.Subscriptions;
        Outbox = instance.Notifications;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    protected abstract StoreUnderTest CreateStore();

    /// <summary>Lets <paramref name="time"/> pass on the store's clock.</summary>
    protected abstract Task PassAsync(TimeSpan time);

    protected EventSubscription NewSubscription(string api = "tmf641", DateTimeOffset? createdAt = null, string callback = "https://listener.example/hub") => new()
    {
        Id = Guid.NewGuid(),
        Api = api,
        Callback = callback,
        Query = "eventType=CancelServiceOrderStateChangeEvent",
        CreatedAt = Trim(createdAt ?? Now),
    };

    protected async Task<Guid> SubscribeAsync(string api = "tmf641")
    {
        var subscription = NewSubscription(api);
        await Subscriptions.AddAsync(subscription);
        return subscription.Id;
    }

    protected OutboundNotification NewNotification(Guid subscription, string key = "order:1", DateTimeOffset? due = null, string? body = null, string type = "StateChangeEvent") => new()
    {
        EventId = Guid.NewGuid(),
        SubscriptionId = subscription,
        OrderingKey = key,
        EventType = type,
        Url = "https://listener.example/hub/listener",
        Body = body ?? """{"eventType":"StateChangeEvent","event":{"id":"42"}}""",
        NextAttemptAt = Trim(due ?? Now.AddMinutes(-1)),
        CreatedAt = Trim(Now),
    };

    /// <summary>Enqueues each notification alone, in order, and returns them as stored.</summary>
    protected async Task<List<OutboundNotification>> EnqueueAsync(params OutboundNotification[] notifications)
    {
        var added = await Outbox.EnqueueAsync(notifications);
        Assert.Equal(notifications.Length, added);
        var stored = new List<OutboundNotification>();
        foreach (var n in notifications)
        {
            stored.Add(await GetAsync(n));
        }

        return stored;
    }

    protected async Task<OutboundNotification> GetAsync(OutboundNotification n) =>
        Assert.Single((await Outbox.ListAsync(new NotificationQuery { SubscriptionId = n.SubscriptionId, Limit = NotificationQuery.MaxLimit })).Items, i => i.EventId == n.EventId);

    protected async Task<OutboundNotification?> FindAsync(OutboundNotification n) =>
        (await Outbox.ListAsync(new NotificationQuery { SubscriptionId = n.SubscriptionId, Limit = NotificationQuery.MaxLimit })).Items.SingleOrDefault(i => i.EventId == n.EventId);

    protected Task<IReadOnlyList<OutboundNotification>> ClaimAsync(string owner = "a", int max = 10, TimeSpan? lease = null) =>
        Outbox.ClaimDueAsync(owner, lease ?? Lease, max);

    // Times survive every store to the millisecond (SQLite keeps Unix milliseconds, PostgreSQL microseconds).
    protected static DateTimeOffset Trim(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    [Fact]
    public async Task Subscriptions_are_kept_whole_listed_per_api_oldest_first_and_a_taken_id_is_refused()
    {
        var t0 = Trim(Now);
        var third = NewSubscription(createdAt: t0.AddMinutes(2));
        var first = NewSubscription(createdAt: t0) with { Query = null };
        var second = NewSubscription(createdAt: t0.AddMinutes(1), callback: "https://other.example/cb?token=abc");
        var sameTimeAsFirst = NewSubscription(createdAt: t0);
        var otherApi = NewSubscription(api: "tmf622", createdAt: t0.AddMinutes(-5));
        foreach (var s in new[] { third, first, second, sameTimeAsFirst, otherApi })
        {
            await Subscriptions.AddAsync(s);
        }

        var taken = await Assert.ThrowsAsync<InvalidOperationException>(() => Subscriptions.AddAsync(third with { Callback = "https://else.example/" }));

        Assert.Contains(third.Id.ToString(), taken.Message, StringComparison.Ordinal);
        Assert.Equal(third, await Subscriptions.GetAsync(third.Id));
        Assert.Equal(second, await Subscriptions.GetAsync(second.Id)); // the callback kept whole, query string included
        Assert.Null(await Subscriptions.GetAsync(Guid.NewGuid()));
        Assert.Equal([first, sameTimeAsFirst, second, third], await Subscriptions.ListAsync("tmf641"));
        Assert.Equal([otherApi], await Subscriptions.ListAsync("tmf622"));
        Assert.Empty(await Subscriptions.ListAsync("tmf999"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Subscriptions.AddAsync(NewSubscription(api: " ")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Subscriptions.AddAsync(NewSubscription(callback: "")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Subscriptions.ListAsync(" "));
    }

    [Fact]
    public async Task Removing_a_subscription_deletes_its_undelivered_notifications_and_nothing_else()
    {
        var gone = await SubscribeAsync();
        var kept = await SubscribeAsync();
        var delivered = (await EnqueueAsync(NewNotification(gone, "order:1")))[0];
        Assert.True(await Outbox.CompleteAsync(Assert.Single(await ClaimAsync()), 204));
        var stored = await EnqueueAsync(NewNotification(gone, "order:2"), NewNotification(gone, "order:3"), NewNotification(kept, "order:1"));
        var (pending, parked, other) = (stored[0], stored[1], stored[2]);
        var claimed = await ClaimAsync(max: 2); // pending (order:2) and parked (order:3) of the subscription that goes
        Assert.True(await Outbox.FailAsync(Assert.Single(claimed, c => c.EventId == parked.EventId), "HTTP 410", 410, retryAt: null));
        var inFlight = Assert.Single(claimed, c => c.EventId == pending.EventId);

        Assert.True(await Subscriptions.RemoveAsync(gone));

        Assert.False(await Subscriptions.RemoveAsync(gone));
        Assert.False(await Subscriptions.RemoveAsync(Guid.NewGuid()));
        Assert.Null(await Subscriptions.GetAsync(gone));
        var left = await Outbox.ListAsync(new NotificationQuery { SubscriptionId = gone });
        Assert.Equal([(delivered.EventId, NotificationState.Delivered)], left.Items.Select(n => (n.EventId, n.State)));
        Assert.False(await Outbox.CompleteAsync(inFlight, 204)); // its delivery was under way: nothing to complete any more
        Assert.False(await Outbox.RetryAsync(gone, parked.EventId));
        Assert.Equal([kept], (await Outbox.GetBacklogAsync()).Select(b => b.SubscriptionId));
        Assert.Equal(other.EventId, Assert.Single(await ClaimAsync()).EventId);
        Assert.Equal(0, await Outbox.EnqueueAsync([NewNotification(gone, "order:9")])); // nor is anything enqueued for it later
        Assert.Equal(1, (await Outbox.ListAsync(new NotificationQuery { SubscriptionId = gone })).Total);
    }

    [Fact]
    public async Task An_enqueue_stores_notifications_pending_with_increasing_positions_and_skips_a_stored_key_keeping_the_first_body()
    {
        var subscription = await SubscribeAsync();
        var other = await SubscribeAsync();
        var first = NewNotification(subscription, body: """{"v":1}""") with { State = NotificationState.Delivered, Attempts = 5, LeaseOwner = "x", LeaseToken = 9, Position = 77, LastError = "e" };
        var second = NewNotification(subscription, "order:2");

        Assert.Equal(2, await Outbox.EnqueueAsync([first, second]));
        var sameEventForAnother = first with { SubscriptionId = other };
        var third = NewNotification(subscription, "order:3");
        Assert.Equal(2, await Outbox.EnqueueAsync([first with { Body = """{"v":2}""", EventType = "Other" }, third, sameEventForAnother]));
        Assert.Equal(0, await Outbox.EnqueueAsync([first, third]));
        Assert.Equal(0, await Outbox.EnqueueAsync([]));

        var stored = new[] { await GetAsync(first), await GetAsync(second), await GetAsync(third), await GetAsync(sameEventForAnother) };
        Assert.Equal(
            first with { State = NotificationState.Pending, Attempts = 0, LeaseOwner = null, LeaseToken = 0, LastError = null, Position = stored[0].Position },
            stored[0]);
        Assert.Equal("""{"v":1}""", stored[0].Body);
        Assert.True(stored[0].Position > 0);
        Assert.Equal(stored.Select(s => s.Position).Order(), stored.Select(s => s.Position));
        Assert.Equal(4, stored.Select(s => s.Position).Distinct().Count());
        Assert.Equal(4, (await Outbox.ListAsync(new NotificationQuery())).Total);
    }

    [Fact]
    public async Task Notifications_of_a_subscription_that_is_not_stored_are_skipped()
    {
        var subscription = await SubscribeAsync();

        var added = await Outbox.EnqueueAsync([NewNotification(Guid.NewGuid()), NewNotification(subscription), NewNotification(Guid.NewGuid())]);

        Assert.Equal(1, added);
        Assert.Equal(subscription, Assert.Single((await Outbox.ListAsync(new NotificationQuery())).Items).SubscriptionId);
    }

    [Fact]
    public async Task A_checkpoint_moves_with_its_notifications_and_not_without_them()
    {
        var subscription = await SubscribeAsync();
        Assert.Null(await Outbox.GetCheckpointAsync("producer"));

        Assert.Equal(1, await Outbox.EnqueueAsync([NewNotification(subscription)], new NotificationCheckpoint("producer", "10")));
        Assert.Equal("10", await Outbox.GetCheckpointAsync("producer"));
        Assert.Equal(0, await Outbox.EnqueueAsync([], new NotificationCheckpoint("producer", "11")));
        Assert.Equal(0, await Outbox.EnqueueAsync([], new NotificationCheckpoint("other-producer", "x")));
        var valid = NewNotification(subscription, "order:2");
        var invalid = NewNotification(subscription, "order:3") with { Body = null! };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.EnqueueAsync([valid, invalid], new NotificationCheckpoint("producer", "12")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.EnqueueAsync([valid], new NotificationCheckpoint("producer", " ")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.EnqueueAsync([valid], new NotificationCheckpoint("", "13")));

        Assert.Equal("11", await Outbox.GetCheckpointAsync("producer"));
        Assert.Equal("x", await Outbox.GetCheckpointAsync("other-producer"));
        Assert.Null(await FindAsync(valid));
        Assert.Equal(1, (await Outbox.ListAsync(new NotificationQuery())).Total);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.GetCheckpointAsync(" "));
    }

    [Fact]
    public async Task A_claim_takes_the_oldest_pending_one_of_each_subscription_and_key_lowest_position_first_and_leases_it()
    {
        var subscription = await SubscribeAsync();
        var stored = await EnqueueAsync(
            NewNotification(subscription, "order:1"), NewNotification(subscription, "order:1"), NewNotification(subscription, "order:2"), NewNotification(subscription, "order:3"));

        var firstTwo = await ClaimAsync(max: 2);
        var rest = await ClaimAsync();

        Assert.Equal([stored[0].EventId, stored[2].EventId], firstTwo.Select(n => n.EventId));
        Assert.Equal([stored[3].EventId], rest.Select(n => n.EventId));
        var leased = firstTwo[0];
        Assert.Equal(stored[0] with { LeaseOwner = "a", LeaseToken = 1, LeaseExpiresAt = leased.LeaseExpiresAt }, leased);
        Assert.True(leased.LeaseExpiresAt > Now.AddMinutes(4));
        Assert.True(leased.LeaseExpiresAt <= Now.AddMinutes(6));
        Assert.Equal(leased, await GetAsync(leased));
        Assert.Empty(await ClaimAsync("b")); // order:1's second waits for its first, whose lease is live

        Assert.True(await Outbox.CompleteAsync(leased, 200));

        Assert.Equal(stored[1].EventId, Assert.Single(await ClaimAsync("b")).EventId);
    }

    [Fact]
    public async Task A_claim_takes_nothing_of_the_subscriptions_it_excludes()
    {
        var slow = await SubscribeAsync();
        var other = await SubscribeAsync();
        var stored = await EnqueueAsync(NewNotification(slow, "order:1"), NewNotification(slow, "order:2"), NewNotification(other, "order:1"));

        var claimed = await Outbox.ClaimDueAsync("a", Lease, 10, [slow]);

        Assert.Equal([stored[2].EventId], claimed.Select(n => n.EventId));
        Assert.Equal(2, (await Outbox.ClaimDueAsync("a", Lease, 10, [])).Count);
    }

    [Fact]
    public async Task A_released_claim_is_due_again_at_once_untried_and_a_stale_one_cannot_be_released()
    {
        var subscription = await SubscribeAsync();
        var stored = Assert.Single(await EnqueueAsync(NewNotification(subscription)));
        var first = Assert.Single(await ClaimAsync("a"));

        Assert.True(await Outbox.ReleaseAsync(first));
        Assert.False(await Outbox.ReleaseAsync(first)); // released already: no longer the current claim
        var again = Assert.Single(await ClaimAsync("b"));

        Assert.Equal((stored.EventId, 0, first.LeaseToken + 1), (again.EventId, again.Attempts, again.LeaseToken));
        Assert.False(await Outbox.CompleteAsync(first, 201));
        Assert.True(await Outbox.CompleteAsync(again, 201));
    }

    [Fact]
    public async Task A_parked_notification_holds_back_its_key_until_it_is_retried_as_one_waiting_for_its_retry_does()
    {
        var subscription = await SubscribeAsync();
        var stored = await EnqueueAsync(
            NewNotification(subscription, "order:1"), NewNotification(subscription, "order:1"), NewNotification(subscription, "order:2"),
            NewNotification(subscription, "order:2"), NewNotification(subscription, "order:3"));
        var claimed = await ClaimAsync();
        Assert.True(await Outbox.FailAsync(claimed.Single(c => c.EventId == stored[0].EventId), "HTTP 503", 503, Trim(Now).AddHours(1)));
        Assert.True(await Outbox.FailAsync(claimed.Single(c => c.EventId == stored[2].EventId), "HTTP 410", 410, retryAt: null));
        Assert.True(await Outbox.CompleteAsync(claimed.Single(c => c.EventId == stored[4].EventId), 201));

        Assert.Empty(await ClaimAsync()); // order:1 waits for its retry, order:2 for an operator
        Assert.True(await Outbox.RetryAsync(subscription, stored[2].EventId));
        var retried = await ClaimAsync();

        Assert.Equal([stored[2].EventId], retried.Select(n => n.EventId)); // then stored[3], in order
    }

    [Fact]
    public async Task Another_subscriptions_failing_notifications_never_hold_back_this_ones_even_on_the_same_key()
    {
        var dead = await SubscribeAsync();
        var live = await SubscribeAsync();
        var deadOnes = await EnqueueAsync(Enumerable.Range(0, 5).Select(_ => NewNotification(dead, "order:1")).ToArray());
        Assert.True(await Outbox.FailAsync(Assert.Single(await ClaimAsync()), "connection refused", null, Trim(Now).AddHours(1)));
        var liveOne = (await EnqueueAsync(NewNotification(live, "order:1")))[0];

        var claimed = await ClaimAsync(max: 1);

        Assert.Equal(liveOne.EventId, Assert.Single(claimed).EventId);
        Assert.All(deadOnes, n => Assert.True(n.Position < liveOne.Position));
    }

    [Fact]
    public async Task A_notification_due_later_waits_and_holds_back_the_later_ones_of_its_key_only()
    {
        var subscription = await SubscribeAsync();
        var stored = await EnqueueAsync(
            NewNotification(subscription, "order:1", due: Now.AddHours(1)), NewNotification(subscription, "order:1"), NewNotification(subscription, "order:2"));

        var claimed = await ClaimAsync();

        Assert.Equal([stored[2].EventId], claimed.Select(n => n.EventId));
    }

    [Fact]
    public async Task A_lease_that_ended_lets_another_owner_claim_and_the_stale_claim_can_no_longer_complete_or_fail()
    {
        var subscription = await SubscribeAsync();
        var stored = (await EnqueueAsync(NewNotification(subscription)))[0];
        var stale = Assert.Single(await ClaimAsync("a", lease: TimeSpan.FromMilliseconds(50)));
        Assert.Empty(await ClaimAsync("b"));

        await PassAsync(TimeSpan.FromMilliseconds(300));
        var current = Assert.Single(await ClaimAsync("b"));

        Assert.Equal((stored.EventId, "b", 2L), (current.EventId, current.LeaseOwner, current.LeaseToken));
        Assert.False(await Outbox.CompleteAsync(stale, 204));
        Assert.False(await Outbox.FailAsync(stale, "timeout", null, Now.AddMinutes(1)));
        Assert.False(await Outbox.CompleteAsync(current with { LeaseOwner = "a" }, 204));
        Assert.False(await Outbox.FailAsync(current with { LeaseToken = stale.LeaseToken }, "stale token", null, null));
        Assert.False(await Outbox.CompleteAsync(stored, 204)); // never claimed
        Assert.Equal(current, await GetAsync(stored));

        Assert.True(await Outbox.CompleteAsync(current, 204));

        var delivered = await GetAsync(stored);
        Assert.Equal((NotificationState.Delivered, 1, 204, (string?)null, (DateTimeOffset?)null), (delivered.State, delivered.Attempts, delivered.LastStatus, delivered.LeaseOwner, delivered.LeaseExpiresAt));
        Assert.NotNull(delivered.DeliveredAt);
        Assert.True(delivered.DeliveredAt >= Trim(Now).AddMinutes(-1) && delivered.DeliveredAt <= Now.AddMinutes(1));
        Assert.False(await Outbox.CompleteAsync(current, 204));
        Assert.False(await Outbox.FailAsync(current, "late", 500, null));
        Assert.Empty(await ClaimAsync("c"));
    }

    [Fact]
    public async Task A_failure_counts_the_attempt_schedules_the_retry_or_parks_and_a_retry_unparks_keeping_the_attempts()
    {
        var subscription = await SubscribeAsync();
        var stored = (await EnqueueAsync(NewNotification(subscription)))[0];
        var first = Assert.Single(await ClaimAsync());
        var retryAt = Trim(Now).AddSeconds(1);

        Assert.True(await Outbox.FailAsync(first, "HTTP 503 Service Unavailable", 503, retryAt));

        Assert.Equal(
            stored with { Attempts = 1, NextAttemptAt = retryAt, LastError = "HTTP 503 Service Unavailable", LastStatus = 503, LeaseToken = 1 },
            await GetAsync(stored));
        Assert.Empty(await ClaimAsync());
        await PassAsync(TimeSpan.FromMilliseconds(1500));
        var second = Assert.Single(await ClaimAsync());
        Assert.Equal((stored.EventId, 2L, 1), (second.EventId, second.LeaseToken, second.Attempts));

        Assert.True(await Outbox.FailAsync(second, "connection refused", null, retryAt: null));

        var parked = await GetAsync(stored);
        Assert.Equal((NotificationState.Parked, 2, "connection refused", (int?)null, (string?)null), (parked.State, parked.Attempts, parked.LastError, parked.LastStatus, parked.LeaseOwner));
        Assert.Empty(await ClaimAsync());
        Assert.False(await Outbox.FailAsync(second, "again", null, null));

        Assert.True(await Outbox.RetryAsync(subscription, stored.EventId));

        var retried = await GetAsync(stored);
        Assert.Equal((NotificationState.Pending, 2), (retried.State, retried.Attempts));
        Assert.True(retried.NextAttemptAt <= Now.AddSeconds(1));
        Assert.False(await Outbox.RetryAsync(subscription, stored.EventId)); // pending, not parked
        Assert.False(await Outbox.RetryAsync(subscription, Guid.NewGuid()));
        var third = Assert.Single(await ClaimAsync());
        Assert.Equal((3L, 2), (third.LeaseToken, third.Attempts));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.FailAsync(third, " ", 500, null));
    }

    [Fact]
    public async Task Lists_filter_by_subscription_and_state_newest_first_with_a_total()
    {
        var a = await SubscribeAsync();
        var b = await SubscribeAsync();
        var stored = await EnqueueAsync(
            NewNotification(a, "order:1"), NewNotification(b, "order:1"), NewNotification(a, "order:2"), NewNotification(b, "order:2"), NewNotification(a, "order:3"));
        var claimed = await ClaimAsync(max: 2);
        Assert.True(await Outbox.CompleteAsync(claimed.Single(c => c.EventId == stored[0].EventId), 201));
        Assert.True(await Outbox.FailAsync(claimed.Single(c => c.EventId == stored[1].EventId), "HTTP 404", 404, null));
        string Positions(NotificationPage page) => $"{page.Total}: {string.Join(", ", page.Items.Select(n => n.Position))}";
        string Of(int total, params int[] indexes) => $"{total}: {string.Join(", ", indexes.Select(i => stored[i].Position))}";

        var all = await Outbox.ListAsync(new NotificationQuery());
        var page = await Outbox.ListAsync(new NotificationQuery { Offset = 1, Limit = 2 });
        var ofA = await Outbox.ListAsync(new NotificationQuery { SubscriptionId = a });
        var pendingOfA = await Outbox.ListAsync(new NotificationQuery { SubscriptionId = a, State = NotificationState.Pending });
        var parked = await Outbox.ListAsync(new NotificationQuery { State = NotificationState.Parked });

        Assert.Equal(Of(5, 4, 3, 2, 1, 0), Positions(all));
        Assert.Equal(Of(5, 3, 2), Positions(page));
        Assert.Equal(Of(3, 4, 2, 0), Positions(ofA));
        Assert.Equal(Of(2, 4, 2), Positions(pendingOfA));
        Assert.Equal(Of(1, 1), Positions(parked));
        Assert.Equal(NotificationState.Delivered, all.Items[^1].State);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Outbox.ListAsync(new NotificationQuery { Limit = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Outbox.ListAsync(new NotificationQuery { Limit = NotificationQuery.MaxLimit + 1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Outbox.ListAsync(new NotificationQuery { Offset = -1 }));
    }

    [Fact]
    public async Task The_backlog_counts_pending_and_parked_ones_per_subscription_with_the_oldest_pending_one()
    {
        var busy = await SubscribeAsync();
        var stuck = await SubscribeAsync();
        var done = await SubscribeAsync();
        var t0 = Trim(Now);
        var oldParked = NewNotification(busy, "order:1") with { CreatedAt = t0.AddMinutes(-30) };
        var oldestPending = NewNotification(busy, "order:2") with { CreatedAt = t0.AddMinutes(-20) };
        var stored = await EnqueueAsync(
            oldParked, oldestPending, NewNotification(busy, "order:2"), NewNotification(busy, "order:3"), NewNotification(stuck, "order:1"), NewNotification(done, "order:1"));
        var claimed = await ClaimAsync();
        Assert.True(await Outbox.FailAsync(claimed.Single(c => c.EventId == oldParked.EventId), "HTTP 400", 400, null));
        Assert.True(await Outbox.FailAsync(claimed.Single(c => c.EventId == stored[4].EventId), "HTTP 400", 400, null));
        Assert.True(await Outbox.CompleteAsync(claimed.Single(c => c.EventId == stored[5].EventId), 204));

        var backlog = await Outbox.GetBacklogAsync();

        Assert.Equal(
            new[] { new NotificationBacklog(busy, 3, 1, t0.AddMinutes(-20)), new NotificationBacklog(stuck, 0, 1, null) }.OrderBy(b => b.SubscriptionId.ToString("D"), StringComparer.Ordinal),
            backlog);
    }

    [Fact]
    public async Task A_purge_deletes_only_delivered_notifications_delivered_before_the_cut_off_oldest_first()
    {
        var subscription = await SubscribeAsync();
        var stored = await EnqueueAsync(
            NewNotification(subscription, "order:1"), NewNotification(subscription, "order:2"), NewNotification(subscription, "order:3"), NewNotification(subscription, "order:4"));
        var claimed = await ClaimAsync();
        Assert.True(await Outbox.CompleteAsync(claimed[0], 204));
        Assert.True(await Outbox.CompleteAsync(claimed[1], 204));
        Assert.True(await Outbox.FailAsync(claimed[2], "HTTP 400", 400, null));

        Assert.Equal(0, await Outbox.PurgeAsync(Now.AddMinutes(-5), 100));
        Assert.Equal(1, await Outbox.PurgeAsync(Now.AddMinutes(5), 1));
        Assert.Equal(1, await Outbox.PurgeAsync(Now.AddMinutes(5), 100));
        Assert.Equal(0, await Outbox.PurgeAsync(Now.AddMinutes(5), 100));

        var left = await Outbox.ListAsync(new NotificationQuery());
        Assert.Equal([(stored[3].EventId, NotificationState.Pending), (stored[2].EventId, NotificationState.Parked)], left.Items.Select(n => (n.EventId, n.State)));
    }

    [Fact]
    public async Task Counts_below_one_and_blank_strings_are_refused()
    {
        var subscription = await SubscribeAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Outbox.ClaimDueAsync("a", Lease, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Outbox.ClaimDueAsync("a", TimeSpan.Zero, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Outbox.PurgeAsync(Now, 0));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.ClaimDueAsync(" ", Lease, 1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.EnqueueAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.EnqueueAsync([null!]));
        foreach (var blank in new[]
        {
            NewNotification(subscription) with { OrderingKey = " " },
            NewNotification(subscription) with { EventType = "" },
            NewNotification(subscription) with { Url = null! },
            NewNotification(subscription) with { Body = "  " },
        })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.EnqueueAsync([blank]));
        }

        Assert.Equal(0, (await Outbox.ListAsync(new NotificationQuery())).Total);
    }

    [Fact]
    public async Task ToString_shows_urls_without_their_query_string_or_user_info_and_never_the_body()
    {
        var subscription = NewSubscription(callback: "https://user:pa55word@listener.example:8443/hub/events?token=s3cr3t&x=1#frag");
        await Subscriptions.AddAsync(subscription);
        var notification = NewNotification(subscription.Id, body: """{"secret":"body-0f-the-event"}""") with { Url = subscription.Callback };
        await Outbox.EnqueueAsync([notification]);
        var claimed = Assert.Single(await ClaimAsync());

        foreach (var text in new[] { subscription.ToString(), (await Subscriptions.GetAsync(subscription.Id))!.ToString(), notification.ToString(), claimed.ToString() })
        {
            Assert.Contains("https://listener.example:8443/hub/events", text, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
            Assert.DoesNotContain("pa55word", text, StringComparison.Ordinal);
            Assert.DoesNotContain("user", text, StringComparison.Ordinal);
            Assert.DoesNotContain("frag", text, StringComparison.Ordinal);
            Assert.DoesNotContain("body-0f-the-event", text, StringComparison.Ordinal);
        }

        Assert.Contains($"EventId = {notification.EventId}", claimed.ToString(), StringComparison.Ordinal);
        Assert.Contains("LeaseOwner = a", claimed.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("EventSubscription { Id = ", subscription.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-path", (subscription with { Callback = "not a url?key=secret-path" }).ToString(), StringComparison.Ordinal);
    }

    /// <summary>A database error in the middle of an enqueue (here: the second insert) leaves neither the notifications before it nor the checkpoint.</summary>
    protected async Task AssertAFailingInsertRollsBackTheWholeEnqueueAsync(Func<Task> makeInsertsOfTypeBoomFail)
    {
        var subscription = await SubscribeAsync();
        await Outbox.EnqueueAsync([NewNotification(subscription)], new NotificationCheckpoint("producer", "1"));
        await makeInsertsOfTypeBoomFail();
        var before = NewNotification(subscription, "order:2");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(
            () => Outbox.EnqueueAsync([before, NewNotification(subscription, "order:3", type: "boom")], new NotificationCheckpoint("producer", "2")));

        Assert.Equal("1", await Outbox.GetCheckpointAsync("producer"));
        Assert.Null(await FindAsync(before));
        Assert.Equal(1, (await Outbox.ListAsync(new NotificationQuery())).Total);
    }
}

public sealed class InMemoryNotificationStoreConformance : NotificationStoreConformanceTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider Clock => _clock;

    protected override StoreUnderTest CreateStore() => StoreUnderTest.InMemory();

    protected override Task PassAsync(TimeSpan time)
    {
        _clock.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class SqliteNotificationStoreConformance : NotificationStoreConformanceTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider Clock => _clock;

    [Fact]
    public Task A_failing_insert_rolls_back_the_notifications_before_it_and_the_checkpoint() =>
        AssertAFailingInsertRollsBackTheWholeEnqueueAsync(async () =>
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.SqlitePath};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER boom BEFORE INSERT ON outbound_notifications WHEN NEW.event_type = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;";
            await command.ExecuteNonQueryAsync();
        });

    [Fact]
    public async Task Subscriptions_notifications_and_checkpoints_survive_a_restart_and_the_previous_processs_leases_end_when_the_file_is_opened_again()
    {
        var subscription = await SubscribeAsync();
        var stored = (await EnqueueAsync(NewNotification(subscription)))[0];
        await Outbox.EnqueueAsync([], new NotificationCheckpoint("producer", "7"));
        var claimed = Assert.Single(await ClaimAsync("previous-process", lease: TimeSpan.FromHours(1)));
        await using var reopened = StoreUnderTest.ReopenSqlite(Store);
        var again = reopened.Open(Clock);

        var next = Assert.Single(await again.Notifications.ClaimDueAsync("next-process", TimeSpan.FromMinutes(1), 10));

        Assert.Equal((stored.EventId, 2L), (next.EventId, next.LeaseToken));
        Assert.False(await again.Notifications.CompleteAsync(claimed, 204));
        Assert.True(await again.Notifications.CompleteAsync(next, 204));
        Assert.NotNull(await again.Subscriptions.GetAsync(subscription));
        Assert.Equal("7", await again.Notifications.GetCheckpointAsync("producer"));
    }

    protected override StoreUnderTest CreateStore() => StoreUnderTest.Sqlite();

    protected override Task PassAsync(TimeSpan time)
    {
        _clock.Advance(time);
        return Task.CompletedTask;
    }
}

[Collection(FibreCafe.TestSupport.PostgresCollection.Name)]
public sealed class PostgreSqlNotificationStoreConformance(FibreCafe.TestSupport.PostgresFixture postgres) : NotificationStoreConformanceTests
{
    protected override TimeProvider Clock => TimeProvider.System;

    [Fact]
    public Task A_failing_insert_rolls_back_the_notifications_before_it_and_the_checkpoint() =>
        AssertAFailingInsertRollsBackTheWholeEnqueueAsync(async () =>
        {
            var (connectionString, schema) = Store.PostgreSqlDatabase!.Value;
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                $"""
                CREATE FUNCTION {schema}.boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
                CREATE TRIGGER boom BEFORE INSERT ON {schema}.outbound_notifications FOR EACH ROW WHEN (NEW.event_type = 'boom') EXECUTE FUNCTION {schema}.boom();
                """,
                connection);
            await command.ExecuteNonQueryAsync();
        });

    [Fact]
    public async Task Two_instances_claiming_at_once_never_take_one_notification_twice_and_keep_each_keys_order()
    {
        var second = Store.Open(Clock).Notifications;
        var subscriptions = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            subscriptions.Add(await SubscribeAsync());
        }

        var all = Enumerable.Range(0, 200).Select(i => NewNotification(subscriptions[i % 4], $"order:{i % 10}")).ToList();
        for (var i = 0; i < all.Count; i += 20)
        {
            Assert.Equal(20, await Outbox.EnqueueAsync(all.GetRange(i, 20)));
        }

        var taken = new ConcurrentQueue<OutboundNotification>();
        async Task WorkAsync(INotificationOutbox outbox, string owner)
        {
            for (var idle = 0; idle < 20;)
            {
                var claimed = await outbox.ClaimDueAsync(owner, TimeSpan.FromMinutes(5), 4);
                idle = claimed.Count == 0 ? idle + 1 : 0;
                foreach (var notification in claimed)
                {
                    taken.Enqueue(notification);
                    Assert.True(await outbox.CompleteAsync(notification, 204));
                }
            }
        }

        await Task.WhenAll(WorkAsync(Outbox, "a"), WorkAsync(second, "b"), WorkAsync(Outbox, "c"));

        Assert.Equal(200, taken.Count);
        Assert.Equal(200, taken.Select(t => t.EventId).Distinct().Count());
        Assert.All(taken, t => Assert.Equal(1L, t.LeaseToken));
        foreach (var key in taken.GroupBy(t => (t.SubscriptionId, t.OrderingKey)))
        {
            Assert.Equal(key.Select(t => t.Position).Order(), key.Select(t => t.Position)); // claimed (and delivered) in enqueue order
        }

        Assert.Empty(await Outbox.GetBacklogAsync());
    }

    [Fact]
    public async Task An_enqueue_racing_the_removal_of_its_subscription_leaves_nothing_behind()
    {
        var second = Store.Open(Clock);
        for (var round = 0; round < 20; round++)
        {
            var subscription = await SubscribeAsync();
            var enqueue = Task.Run(() => second.Notifications.EnqueueAsync(Enumerable.Range(0, 20).Select(i => NewNotification(subscription, $"order:{i}")).ToList()));
            var remove = Task.Run(() => Subscriptions.RemoveAsync(subscription));
            var added = await enqueue;

            Assert.True(await remove);
            Assert.Contains(added, new[] { 0, 20 });
            Assert.Equal(0, (await Outbox.ListAsync(new NotificationQuery { SubscriptionId = subscription })).Total);
        }
    }

    [Fact]
    public async Task Enqueues_for_one_subscription_take_turns_so_positions_follow_their_commits()
    {
        var subscription = await SubscribeAsync();
        var (connectionString, schema) = Store.PostgreSqlDatabase!.Value;
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand($"SELECT id FROM {schema}.event_subscriptions WHERE id = @id FOR UPDATE;", connection, transaction))
        {
            lockRow.Parameters.AddWithValue("@id", subscription); // what an enqueue under way holds
            await lockRow.ExecuteScalarAsync();
        }

        var later = NewNotification(subscription);
        var enqueue = Outbox.EnqueueAsync([later]);
        await Task.Delay(300);
        Assert.False(enqueue.IsCompleted);
        var earlier = NewNotification(subscription);
        await using (var insert = new Npgsql.NpgsqlCommand(
            $"INSERT INTO {schema}.outbound_notifications (subscription_id, event_id, ordering_key, event_type, url, body, state, attempts, next_attempt_at, created_at, lease_token) VALUES (@s, @e, 'order:1', 't', 'https://x.example/', '{{}}', 0, 0, now(), now(), 0);",
            connection, transaction))
        {
            insert.Parameters.AddWithValue("@s", subscription);
            insert.Parameters.AddWithValue("@e", earlier.EventId);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();

        Assert.Equal(1, await enqueue);
        Assert.True((await GetAsync(earlier)).Position < (await GetAsync(later)).Position);
    }

    protected override StoreUnderTest CreateStore() => StoreUnderTest.PostgreSql(postgres);

    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);
}
