using FibreCafe.Kci;

namespace FibreCafe.Storage.Tests.Conformance;

/// <summary>
/// What an operations page reads of every inbox: the search, the hourly histogram, the oldest pending time and the
/// events each KCI raised. <see cref="KciInboxQuery.Matches"/> is the reference of the search's filters.
/// </summary>
public abstract partial class KciInboxConformanceTests
{
    private DateTimeOffset Start => new(2024, 4, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Gives a parked entry produced events, which no call of the inbox does (only <see cref="IKciInbox.CompleteAsync"/>
    /// sets them, on an entry it makes done). A relational store gets <paramref name="json"/> written into the row and
    /// answers true; the in-memory store has no row to write and answers false (its entries cannot hold stale events).
    /// </summary>
    protected virtual Task<bool> PlantProducedEventsAsync(Guid kciId, string json) => Task.FromResult(false);

    // An entry received at a time of the suite's clock, which moves forward to it.
    private async Task<KciInboxEntry> ReceiveAsync(string entityKey, DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        return await AddAsync(entityKey);
    }

    private async Task<List<Guid>> SearchIdsAsync(KciInboxQuery query) => [.. (await Inbox.SearchAsync(query)).Items.Select(e => e.KciId)];

    [Fact]
    public async Task Search_lists_newest_first_by_arrival_in_pages_that_do_not_overlap_each_with_the_total()
    {
        var arrived = new List<Guid>();
        for (var i = 1; i <= 7; i++)
        {
            arrived.Add((await ReceiveAsync($"PROVIDE_ORDER:{i}", Start.AddMinutes(i))).KciId);
        }

        // The last to arrive, received by an instance whose clock is behind: arrival ranks it, not its time.
        var behind = Entry("CEASE_ORDER:1") with { ReceivedAt = Start.AddHours(-1) };
        await Inbox.AddAsync(behind);
        arrived.Add(behind.KciId);

        var pages = new List<KciInboxPage>();
        for (var offset = 0; offset < 9; offset += 3)
        {
            pages.Add(await Inbox.SearchAsync(new KciInboxQuery { Offset = offset, Limit = 3 }));
        }

        Assert.Equal(Enumerable.Reverse(arrived), pages.SelectMany(p => p.Items).Select(e => e.KciId));
        Assert.Equal([(3, 8), (3, 8), (2, 8)], pages.Select(p => (p.Items.Count, p.Total)));
        Assert.Equal(Enumerable.Reverse(arrived), await SearchIdsAsync(new KciInboxQuery()));
        var beyond = await Inbox.SearchAsync(new KciInboxQuery { Offset = 8 });
        Assert.Equal((0, 8), (beyond.Items.Count, beyond.Total));
        Assert.Equal(behind.Body.ToArray(), (await Inbox.SearchAsync(new KciInboxQuery { Limit = 1 })).Items[0].Body.ToArray());
    }

    [Fact]
    public async Task Search_filters_by_state()
    {
        var done = await AddAsync("PROVIDE_ORDER:1");
        var parked = await AddAsync("PROVIDE_ORDER:2");
        var pending = await AddAsync("PROVIDE_ORDER:3");
        var claimed = await Inbox.ClaimAsync(2, Lease);
        Assert.True(await Inbox.CompleteAsync(claimed.Single(c => c.KciId == done.KciId), null));
        Assert.True(await Inbox.FailAsync(claimed.Single(c => c.KciId == parked.KciId), "poison", retryAt: null));

        Assert.Equal([done.KciId], await SearchIdsAsync(new KciInboxQuery { Status = KciInboxStatus.Done }));
        Assert.Equal([parked.KciId], await SearchIdsAsync(new KciInboxQuery { Status = KciInboxStatus.Parked }));
        Assert.Equal([pending.KciId], await SearchIdsAsync(new KciInboxQuery { Status = KciInboxStatus.Pending }));
        Assert.Equal(1, (await Inbox.SearchAsync(new KciInboxQuery { Status = KciInboxStatus.Parked })).Total);
    }

    [Fact]
    public async Task An_entity_type_matches_exactly_the_keys_that_start_with_it_and_a_colon()
    {
        var keys = new[]
        {
            "PROVIDE_ORDER:1", "PROVIDEXORDER:2", "provide_order:3", "PROVIDE_ORDER;4", "PROVIDE_ORDER_X:5", "PROVIDE_ORDER",
            "PROVIDE_ORDER:café", "CEASE_ORDER:6", "PROVIDE_ORDER:7",
        };
        var ids = new Dictionary<string, Guid>();
        foreach (var key in keys)
        {
            ids[key] = (await AddAsync(key)).KciId;
        }

        var page = await Inbox.SearchAsync(new KciInboxQuery { EntityType = KciEntityType.ProvideOrder });

        // '_' is no wildcard, case counts, and the range ends before ';', the character after ':'.
        Assert.Equal([ids["PROVIDE_ORDER:7"], ids["PROVIDE_ORDER:café"], ids["PROVIDE_ORDER:1"]], page.Items.Select(e => e.KciId));
        Assert.Equal(3, page.Total);
        Assert.Equal([ids["CEASE_ORDER:6"]], await SearchIdsAsync(new KciInboxQuery { EntityType = KciEntityType.CeaseOrder }));
        Assert.Empty(await SearchIdsAsync(new KciInboxQuery { EntityType = KciEntityType.ServiceTest }));
    }

    [Fact]
    public async Task An_entity_id_matches_its_exact_key_under_its_type_or_under_every_known_type()
    {
        var order = await AddAsync("PROVIDE_ORDER:42");
        var laterOrder = await AddAsync("PROVIDE_ORDER:42", sequence: 2);
        var cease = await AddAsync("CEASE_ORDER:42");
        await AddAsync("PROVIDE_ORDER:420");
        await AddAsync("PROVIDE_ORDER:4");
        var unknown = await AddAsync("NEW_KIND:42");
        var letters = await AddAsync("SERVICE_PROBLEM:AB");

        Assert.Equal([cease.KciId, laterOrder.KciId, order.KciId], await SearchIdsAsync(new KciInboxQuery { EntityId = "42" }));
        Assert.Equal([laterOrder.KciId, order.KciId], await SearchIdsAsync(new KciInboxQuery { EntityType = KciEntityType.ProvideOrder, EntityId = "42" }));
        Assert.Equal([unknown.KciId], await SearchIdsAsync(new KciInboxQuery { EntityType = new KciEntityType("NEW_KIND"), EntityId = "42" }));
        Assert.Equal(3, (await Inbox.SearchAsync(new KciInboxQuery { EntityId = "42", Limit = 1 })).Total);
        Assert.Empty(await SearchIdsAsync(new KciInboxQuery { EntityId = "4_" })); // not a pattern
        Assert.Empty(await SearchIdsAsync(new KciInboxQuery { EntityId = "ab" })); // case counts
        Assert.Equal([letters.KciId], await SearchIdsAsync(new KciInboxQuery { EntityId = "AB" }));
    }

    [Fact]
    public async Task The_time_of_receipt_filter_includes_its_start_and_excludes_its_end()
    {
        var received = new List<Guid>();
        for (var hour = 0; hour < 4; hour++)
        {
            received.Add((await ReceiveAsync($"PROVIDE_ORDER:{hour}", Start.AddHours(hour))).KciId);
        }

        Assert.Equal([received[2], received[1]], await SearchIdsAsync(new KciInboxQuery { ReceivedFrom = Start.AddHours(1), ReceivedBefore = Start.AddHours(3) }));
        Assert.Equal([received[3], received[2]], await SearchIdsAsync(new KciInboxQuery { ReceivedFrom = Start.AddHours(2) }));
        Assert.Equal([received[0]], await SearchIdsAsync(new KciInboxQuery { ReceivedBefore = Start.AddHours(1) }));
        Assert.Equal([received[1]], await SearchIdsAsync(new KciInboxQuery { ReceivedFrom = Start.AddMinutes(1), ReceivedBefore = Start.AddHours(1).AddMilliseconds(1) }));
        Assert.Empty(await SearchIdsAsync(new KciInboxQuery { ReceivedFrom = Start.AddHours(1), ReceivedBefore = Start.AddHours(1) }));
    }

    [Fact]
    public async Task Every_combination_of_filters_lists_what_the_query_matches_newest_first_one_page_at_a_time()
    {
        string[] keys = ["PROVIDE_ORDER:1", "CEASE_ORDER:1", "PROVIDE_ORDER:2", "PROVIDEXORDER:1", "NEW_KIND:1", "SERVICE_PROBLEM:1", "PROVIDE_ORDER:1"];
        var arrived = new List<Guid>();
        for (var i = 0; i < 3 * keys.Length; i++)
        {
            arrived.Add((await ReceiveAsync(keys[i % keys.Length], Start.AddMinutes(20 * i))).KciId);
        }

        // Each entity's head is claimed: every third of those done, every third parked, the others released.
        var heads = await Inbox.ClaimAsync(100, Lease);
        for (var i = 0; i < heads.Count; i++)
        {
            Assert.True(i % 3 == 0 ? await Inbox.CompleteAsync(heads[i], null) : i % 3 == 1 ? await Inbox.FailAsync(heads[i], "x", null) : await Inbox.ReleaseAsync(heads[i]));
        }

        var entries = new List<KciInboxEntry>();
        foreach (var id in Enumerable.Reverse(arrived))
        {
            entries.Add((await Inbox.GetAsync(id))!);
        }

        KciInboxStatus?[] statuses = [null, KciInboxStatus.Pending, KciInboxStatus.Done, KciInboxStatus.Parked];
        KciEntityType?[] types = [null, KciEntityType.ProvideOrder, new KciEntityType("NEW_KIND")];
        (DateTimeOffset?, DateTimeOffset?)[] windows = [(null, null), (Start.AddHours(1), Start.AddHours(5)), (Start.AddMinutes(40), null)];
        foreach (var status in statuses)
        {
            foreach (var type in types)
            {
                foreach (var id in new string?[] { null, "1" })
                {
                    foreach (var (from, before) in windows)
                    {
                        var query = new KciInboxQuery { Status = status, EntityType = type, EntityId = id, ReceivedFrom = from, ReceivedBefore = before, Offset = 1, Limit = 2 };
                        var matching = entries.Where(query.Matches).Select(e => e.KciId).ToList();

                        var page = await Inbox.SearchAsync(query);

                        Assert.True(matching.Skip(1).Take(2).SequenceEqual(page.Items.Select(e => e.KciId)), $"{query}: wrong page");
                        Assert.True(matching.Count == page.Total, $"{query}: total {page.Total}, {matching.Count} match");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(0, KciInboxQuery.MaxLimit + 1, null)]
    [InlineData(-1, 10, null)]
    [InlineData(0, 10, "")]
    [InlineData(0, 10, " ")]
    [InlineData(0, 10, "PROVIDE_ORDER:1")]
    public async Task An_invalid_search_is_refused(int offset, int limit, string? entityId)
    {
        await AddAsync();
        var query = new KciInboxQuery { Offset = offset, Limit = limit, EntityId = entityId };

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Inbox.SearchAsync(query));

        Assert.IsType(entityId is null ? typeof(ArgumentOutOfRangeException) : typeof(ArgumentException), error);
        await Assert.ThrowsAsync<ArgumentNullException>(() => Inbox.SearchAsync(null!));
    }

    [Fact]
    public async Task Each_hour_counts_what_was_received_in_it_whatever_its_state_from_an_inclusive_start_to_an_exclusive_end()
    {
        var from = Start.AddMinutes(30);
        await ReceiveAsync("A:before", from.AddMilliseconds(-1));
        await ReceiveAsync("A:first", from);
        await ReceiveAsync("A:last-of-hour-0", from.AddHours(1).AddMilliseconds(-1));
        await ReceiveAsync("A:hour-1", from.AddHours(1));
        await ReceiveAsync("B:hour-3", from.AddHours(3).AddMinutes(1));
        await ReceiveAsync("C:hour-3", from.AddHours(4).AddMilliseconds(-1));
        await ReceiveAsync("A:end", from.AddHours(4));
        var heads = await Inbox.ClaimAsync(2, Lease);
        Assert.True(await Inbox.CompleteAsync(heads[0], null));
        Assert.True(await Inbox.FailAsync(heads[1], "x", null));

        Assert.Equal([2L, 1, 0, 2], await Inbox.CountReceivedByHourAsync(from, 4));
        Assert.Equal([2L], await Inbox.CountReceivedByHourAsync(from, 1));
        Assert.Equal([1L, 2], await Inbox.CountReceivedByHourAsync(from.AddHours(-1), 2));
        var week = await Inbox.CountReceivedByHourAsync(from.AddHours(-IKciInbox.MaxHistogramHours + 1), IKciInbox.MaxHistogramHours);
        Assert.Equal((IKciInbox.MaxHistogramHours, 3L), (week.Count, week.Sum()));
        Assert.Equal(new long[3], await Inbox.CountReceivedByHourAsync(from.AddDays(1), 3));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(IKciInbox.MaxHistogramHours + 1)]
    public async Task An_hourly_count_of_a_span_out_of_range_is_refused(int hours)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Inbox.CountReceivedByHourAsync(Start, hours));

        Assert.Equal("hours", error.ParamName);
    }

    [Fact]
    public async Task The_oldest_pending_time_is_the_earliest_receipt_of_a_pending_entry_never_of_a_parked_or_done_one()
    {
        Assert.Null((await Inbox.GetStatisticsAsync()).OldestPendingReceivedAt);
        await ReceiveAsync("A:parked", Start.AddMinutes(1));
        await ReceiveAsync("B:done", Start.AddMinutes(2));
        var retried = await ReceiveAsync("C:retried", Start.AddMinutes(3));
        await ReceiveAsync("D:pending", Start.AddMinutes(4));
        var heads = await Inbox.ClaimAsync(3, Lease);
        Assert.True(await Inbox.FailAsync(heads[0], "poison", retryAt: null));
        Assert.True(await Inbox.CompleteAsync(heads[1], null));
        Assert.True(await Inbox.FailAsync(heads[2], "again", Clock.GetUtcNow().AddMinutes(5)));

        Assert.Equal(retried.ReceivedAt, (await Inbox.GetStatisticsAsync()).OldestPendingReceivedAt);

        // The earliest time, not the earliest arrival: an instance whose clock is behind.
        var behind = Entry("E:behind") with { ReceivedAt = Start.AddMinutes(-10) };
        await Inbox.AddAsync(behind);
        Assert.Equal(behind.ReceivedAt, (await Inbox.GetStatisticsAsync()).OldestPendingReceivedAt);
    }

    [Fact]
    public async Task Nothing_pending_means_no_oldest_pending_time()
    {
        await AddAsync("A:1");
        await AddAsync("B:1");
        var heads = await Inbox.ClaimAsync(2, Lease);
        Assert.True(await Inbox.CompleteAsync(heads[0], null));
        Assert.True(await Inbox.FailAsync(heads[1], "poison", retryAt: null));

        Assert.Equal(new KciInboxStatistics(0, 1, 1), await Inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task Completing_stores_the_events_the_dispatch_raised_in_their_order_and_every_read_returns_them()
    {
        var entry = await AddAsync("PROVIDE_ORDER:1");
        var quiet = await AddAsync("PROVIDE_ORDER:2");
        Assert.Empty((await Inbox.GetAsync(entry.KciId))!.ProducedEvents);
        var heads = await Inbox.ClaimAsync(2, Lease);
        string[] events = ["ServiceOrderCancellationCompleted", "ServiceOrderStatusChanged", "Name, with \"quotes\" and é"];

        Assert.True(await Inbox.CompleteAsync(heads.Single(h => h.KciId == entry.KciId) with { ProducedEvents = events }, null));
        Assert.True(await Inbox.CompleteAsync(heads.Single(h => h.KciId == quiet.KciId), null));

        Assert.Equal(events, (await Inbox.GetAsync(entry.KciId))!.ProducedEvents);
        Assert.Equal(events, (await Inbox.ListAsync(KciInboxStatus.Done)).Single(e => e.KciId == entry.KciId).ProducedEvents);
        Assert.Equal(events, (await Inbox.SearchAsync(new KciInboxQuery { EntityId = "1" })).Items.Single().ProducedEvents);
        Assert.Empty((await Inbox.GetAsync(quiet.KciId))!.ProducedEvents);
    }

    [Fact]
    public async Task A_completion_whose_claim_was_lost_stores_no_events()
    {
        await AddAsync();
        var lost = await ClaimOneAsync();
        Clock.Advance(Lease * 2);
        var current = await ClaimOneAsync();

        Assert.False(await Inbox.CompleteAsync(lost with { ProducedEvents = ["Late"] }, null));
        Assert.True(await Inbox.CompleteAsync(current with { ProducedEvents = ["OnTime"] }, null));

        Assert.Equal(["OnTime"], (await Inbox.GetAsync(current.KciId))!.ProducedEvents);
    }

    [Fact]
    public async Task A_replay_clears_the_produced_events()
    {
        var entry = Entry() with { ProducedEvents = ["Stale"] };
        await Inbox.AddAsync(entry);
        Assert.True(await Inbox.FailAsync(await ClaimOneAsync(), "poison", retryAt: null));
        var planted = await PlantProducedEventsAsync(entry.KciId, """["Stale"]""");
        string[] before = planted ? ["Stale"] : [];
        Assert.Equal(before, (await Inbox.GetAsync(entry.KciId))!.ProducedEvents);

        Assert.True(await Inbox.ReplayAsync(entry.KciId));

        Assert.Empty((await Inbox.GetAsync(entry.KciId))!.ProducedEvents);
        Assert.Empty((await ClaimOneAsync()).ProducedEvents);
    }
}
