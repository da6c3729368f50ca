using System.Collections.Concurrent;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="IKciInbox"/> must do, run against each store (the subclasses at the end of the
/// file). The store is built as a receiver builds it, through <c>AddFibreCafeKciReceiver().UseXxxStore()</c>.
/// </summary>
public abstract partial class KciInboxConformanceTests : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private StoreUnderTest? _store;
    private StoreInstance? _first;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 4, 10, 9, 0, 0, TimeSpan.Zero));

    protected StoreUnderTest Store => _store!;

    protected IKciInbox Inbox => _first!.Inbox;

    public Task InitializeAsync()
    {
        _store = CreateStore();
        _first = _store.Open(Clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    protected abstract StoreUnderTest CreateStore();

    protected KciInboxEntry Entry(string entityKey = "PROVIDE_ORDER:1", long sequence = 1, Guid? id = null) => new()
    {
        KciId = id ?? Guid.NewGuid(),
        EntityKey = entityKey,
        SequenceNumber = sequence,
        EntityType = KciEntityType.ProvideOrder,
        UpdateType = KciUpdateType.Informational,
        Supplier = "FIBRECO",
        DeliveredOn = Clock.GetUtcNow(),
        ReceivedAt = Clock.GetUtcNow(),
        RequestId = "req",
        ConversationId = "conv",
        Body = Encoding.UTF8.GetBytes($$"""{"sequenceNumber":{{sequence}}}"""),
    };

    private async Task<KciInboxEntry> AddAsync(string entityKey = "PROVIDE_ORDER:1", long sequence = 1)
    {
        var entry = Entry(entityKey, sequence);
        Assert.Equal(KciInboxAddResult.Added, await Inbox.AddAsync(entry));
        return entry;
    }

    private async Task<KciInboxEntry> ClaimOneAsync(IKciInbox? inbox = null) => Assert.Single(await (inbox ?? Inbox).ClaimAsync(10, Lease));

    [Fact]
    public async Task A_burst_of_concurrent_deliveries_stores_each_kci_once_and_answers_every_caller()
    {
        // 300 KCIs, each delivered twice at the same moment (the stores may share commits between them).
        var entries = Enumerable.Range(1, 300).Select(i => Entry($"PROVIDE_ORDER:{i % 17}", i)).ToList();

        var answers = await Task.WhenAll(entries.Concat(entries).Select(e => Task.Run(() => Inbox.AddAsync(e))));

        Assert.Equal(300, answers.Count(a => a == KciInboxAddResult.Added));
        Assert.Equal(300, answers.Count(a => a == KciInboxAddResult.Duplicate));
        Assert.Equal(300, (await Inbox.GetStatisticsAsync()).Pending);
        foreach (var entry in entries.Take(20))
        {
            Assert.Equal(entry.SequenceNumber, (await Inbox.GetAsync(entry.KciId))!.SequenceNumber);
        }
    }

    [Fact]
    public async Task An_entry_keeps_its_raw_bytes_correlation_ids_and_times()
    {
        byte[] body = [.. """{"text":"caf"""u8, 0xC3, 0xA9, 0xFF, 0x00, .. "\"}"u8]; // stored as received, even bytes that are not UTF-8
        var entry = Entry() with { Body = body, DeliveredOn = new DateTimeOffset(2024, 4, 10, 10, 53, 38, 817, TimeSpan.FromHours(1)) };
        await Inbox.AddAsync(entry);

        var stored = await Inbox.GetAsync(entry.KciId);

        Assert.NotNull(stored);
        Assert.Equal(body, stored.Body.ToArray());
        Assert.Equal(("req", "conv", "FIBRECO"), (stored.RequestId, stored.ConversationId, stored.Supplier));
        Assert.Equal((KciEntityType.ProvideOrder, KciUpdateType.Informational), (stored.EntityType, stored.UpdateType));
        Assert.Equal((KciInboxStatus.Pending, 0), (stored.Status, stored.Attempts));
        Assert.Equal(entry.DeliveredOn, stored.DeliveredOn); // the same instant, whatever the offset it came with
        Assert.Equal(entry.ReceivedAt, stored.ReceivedAt);
        Assert.Null(stored.LeaseId);
    }

    [Fact]
    public async Task The_same_kci_id_is_stored_once_and_the_first_delivery_wins()
    {
        var entry = await AddAsync();

        Assert.Equal(KciInboxAddResult.Duplicate, await Inbox.AddAsync(entry with { RequestId = "another delivery", SequenceNumber = 9 }));

        var stored = await Inbox.GetAsync(entry.KciId);
        Assert.Equal(("req", 1L), (stored!.RequestId, stored.SequenceNumber));
        Assert.Equal(new KciInboxStatistics(1, 0, 0) { OldestPendingReceivedAt = entry.ReceivedAt }, await Inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task A_done_kci_delivered_again_is_still_a_duplicate_and_is_not_claimed_again()
    {
        var entry = await AddAsync();
        Assert.True(await Inbox.CompleteAsync(await ClaimOneAsync(), null));

        Assert.Equal(KciInboxAddResult.Duplicate, await Inbox.AddAsync(entry));
        Assert.Empty(await Inbox.ClaimAsync(10, Lease));
        Assert.Equal(KciInboxStatus.Done, (await Inbox.GetAsync(entry.KciId))!.Status);
    }

    [Fact]
    public async Task A_claim_carries_a_lease_that_ends_after_the_lease_duration()
    {
        var entry = await AddAsync();

        var claimed = await ClaimOneAsync();

        Assert.Equal(entry.KciId, claimed.KciId);
        Assert.NotNull(claimed.LeaseId);
        Assert.Equal(Clock.GetUtcNow() + Lease, claimed.LeaseExpiresAt);
        Assert.Equal(Clock.GetUtcNow() + Lease, await Inbox.GetNextDueAsync());
        Assert.Equal(entry.Body.ToArray(), claimed.Body.ToArray());
    }

    [Fact]
    public async Task Only_the_lowest_sequence_number_of_an_entity_is_claimed_whatever_the_arrival_order()
    {
        await AddAsync(sequence: 3);
        await AddAsync(sequence: 1);
        await AddAsync(sequence: 2);

        var order = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var claimed = await ClaimOneAsync();
            order.Add(claimed.SequenceNumber);
            Assert.True(await Inbox.CompleteAsync(claimed, null));
        }

        Assert.Equal([1, 2, 3], order);
        Assert.Empty(await Inbox.ClaimAsync(10, Lease));
    }

    [Fact]
    public async Task Different_entities_are_claimed_together_in_arrival_order_up_to_the_count_asked()
    {
        var a = await AddAsync("PROVIDE_ORDER:1");
        var b = await AddAsync("SERVICE_PROBLEM:1");
        await AddAsync("PROVIDE_ORDER:1", sequence: 2);
        var c = await AddAsync("CEASE_ORDER:7");

        Assert.Empty(await Inbox.ClaimAsync(0, Lease));
        var two = await Inbox.ClaimAsync(2, Lease);
        var rest = await Inbox.ClaimAsync(10, Lease);

        Assert.Equal([a.KciId, b.KciId], two.Select(x => x.KciId));
        Assert.Equal([c.KciId], rest.Select(x => x.KciId));
        Assert.Equal(3, new[] { two[0].LeaseId, two[1].LeaseId, rest[0].LeaseId }.Distinct().Count());
    }

    [Fact]
    public async Task An_entity_with_a_live_claim_is_not_claimed_again_even_for_an_older_late_arrival()
    {
        await AddAsync(sequence: 2);
        var inFlight = await ClaimOneAsync();
        await AddAsync(sequence: 1);

        Assert.Empty(await Inbox.ClaimAsync(10, Lease));

        Assert.True(await Inbox.CompleteAsync(inFlight, null));
        Assert.Equal(1, (await ClaimOneAsync()).SequenceNumber);
    }

    [Fact]
    public async Task A_lapsed_claim_can_be_taken_again_and_the_old_claim_can_no_longer_finish()
    {
        await AddAsync();
        var first = await ClaimOneAsync();

        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = await ClaimOneAsync();

        Assert.Equal(first.KciId, second.KciId);
        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.False(await Inbox.CompleteAsync(first, null));
        Assert.False(await Inbox.FailAsync(first, "late", Clock.GetUtcNow()));
        Assert.False(await Inbox.ReleaseAsync(first));
        Assert.True(await Inbox.CompleteAsync(second, null));
        Assert.Equal(KciInboxStatus.Done, (await Inbox.GetAsync(first.KciId))!.Status);
    }

    [Fact]
    public async Task A_claim_ends_with_the_outcome_so_the_same_claim_cannot_finish_twice()
    {
        await AddAsync();
        var claimed = await ClaimOneAsync();

        Assert.True(await Inbox.CompleteAsync(claimed, null));
        Assert.False(await Inbox.CompleteAsync(claimed, null));
        Assert.False(await Inbox.CompleteAsync(claimed with { LeaseId = null }, null));
        var stored = await Inbox.GetAsync(claimed.KciId);
        Assert.Equal((KciInboxStatus.Done, (Guid?)null, Clock.GetUtcNow()), (stored!.Status, stored.LeaseId, stored.CompletedAt!.Value));
    }

    [Fact]
    public async Task A_failed_attempt_waits_until_its_retry_time_and_holds_back_its_entity()
    {
        await AddAsync(sequence: 1);
        await AddAsync(sequence: 2);
        var other = await AddAsync("PROVIDE_ORDER:2");
        var claimed = (await Inbox.ClaimAsync(10, Lease)).Single(c => c.EntityKey == "PROVIDE_ORDER:1");
        var retryAt = Clock.GetUtcNow().AddSeconds(30);

        Assert.True(await Inbox.FailAsync(claimed, "boom", retryAt));

        Assert.Empty(await Inbox.ClaimAsync(10, Lease)); // entity 1 waits; entity 2 is still claimed
        var stored = await Inbox.GetAsync(claimed.KciId);
        Assert.Equal((1, "boom", KciInboxStatus.Pending, (DateTimeOffset?)retryAt), (stored!.Attempts, stored.LastError, stored.Status, stored.NextAttemptAt));
        Assert.Equal(retryAt, await Inbox.GetNextDueAsync()); // before entity 2's claim lapses
        Clock.Advance(TimeSpan.FromSeconds(30));
        var again = await ClaimOneAsync();
        Assert.Equal((1L, 1), (again.SequenceNumber, again.Attempts));
        Assert.NotEqual(other.KciId, again.KciId);
    }

    [Fact]
    public async Task The_next_due_time_is_the_earliest_retry_when_nothing_is_claimed()
    {
        await AddAsync("A:1");
        await AddAsync("B:1");
        var claimed = await Inbox.ClaimAsync(10, Lease);
        Assert.True(await Inbox.FailAsync(claimed[0], "x", Clock.GetUtcNow().AddSeconds(40)));
        Assert.True(await Inbox.FailAsync(claimed[1], "y", Clock.GetUtcNow().AddSeconds(20)));

        Assert.Equal(Clock.GetUtcNow().AddSeconds(20), await Inbox.GetNextDueAsync());
        Assert.Empty(await Inbox.ClaimAsync(10, Lease));
    }

    [Fact]
    public async Task A_parked_entry_is_listed_does_not_hold_back_its_entity_and_can_be_replayed_once()
    {
        var first = await AddAsync(sequence: 1);
        await AddAsync(sequence: 2);
        Assert.True(await Inbox.FailAsync(await ClaimOneAsync(), "poison", retryAt: null));

        var parked = Assert.Single(await Inbox.ListAsync(KciInboxStatus.Parked));
        Assert.Equal((first.KciId, "poison", 1), (parked.KciId, parked.LastError, parked.Attempts));
        Assert.Equal(1, (await Inbox.GetStatisticsAsync()).Parked);
        var second = await ClaimOneAsync();
        Assert.Equal(2, second.SequenceNumber);
        Assert.True(await Inbox.CompleteAsync(second, null));

        Assert.True(await Inbox.ReplayAsync(first.KciId));
        Assert.False(await Inbox.ReplayAsync(first.KciId));
        var replayed = await ClaimOneAsync();
        Assert.Equal((first.KciId, 0, KciInboxStatus.Pending), (replayed.KciId, replayed.Attempts, replayed.Status));
        Assert.Empty(await Inbox.ListAsync(KciInboxStatus.Parked));
    }

    [Fact]
    public async Task A_replayed_entry_keeps_its_arrival_position_and_is_counted_and_listed_as_pending_again()
    {
        var early = await AddAsync("E:early");
        Assert.True(await Inbox.FailAsync(await ClaimOneAsync(), "poison", retryAt: null));
        var late = await AddAsync("E:late");

        Assert.True(await Inbox.ReplayAsync(early.KciId));

        Assert.Equal(new KciInboxStatistics(2, 0, 0) { OldestPendingReceivedAt = early.ReceivedAt }, await Inbox.GetStatisticsAsync());
        Assert.Equal([early.KciId, late.KciId], (await Inbox.ListAsync(KciInboxStatus.Pending)).Select(e => e.KciId));
        Assert.Equal([early.KciId, late.KciId], (await Inbox.ClaimAsync(10, Lease)).Select(e => e.KciId));
    }

    [Fact]
    public async Task Replay_refuses_entries_that_are_not_parked()
    {
        var pending = await AddAsync();

        Assert.False(await Inbox.ReplayAsync(pending.KciId));
        Assert.False(await Inbox.ReplayAsync(Guid.NewGuid()));
        Assert.True(await Inbox.CompleteAsync(await ClaimOneAsync(), null));
        Assert.False(await Inbox.ReplayAsync(pending.KciId));
    }

    [Fact]
    public async Task A_released_entry_is_claimable_again_at_once_without_a_counted_attempt()
    {
        await AddAsync();
        Assert.True(await Inbox.ReleaseAsync(await ClaimOneAsync()));

        var again = await ClaimOneAsync();

        Assert.Equal((0, (string?)null), (again.Attempts, again.LastError));
    }

    [Fact]
    public async Task Lists_are_in_arrival_order_and_capped()
    {
        var added = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            added.Add((await AddAsync($"E:{i}")).KciId);
        }

        Assert.Equal(added.Take(3), (await Inbox.ListAsync(KciInboxStatus.Pending, 3)).Select(e => e.KciId));
        Assert.Empty(await Inbox.ListAsync(KciInboxStatus.Done));
    }

    [Fact]
    public async Task The_entity_state_never_regresses_to_an_older_sequence_number()
    {
        await AddAsync(sequence: 5);
        await AddAsync("PROVIDE_ORDER:2", sequence: 3);
        var claimed = await Inbox.ClaimAsync(10, Lease);
        var newer = claimed.Single(c => c.SequenceNumber == 5);
        var older = claimed.Single(c => c.SequenceNumber == 3);
        var id = Guid.NewGuid();

        Assert.Null(await Inbox.GetEntityStateAsync("PROVIDE_ORDER:9"));
        Assert.True(await Inbox.CompleteAsync(newer, new KciEntityState("PROVIDE_ORDER:9", 5, id, "COMPLETED", Clock.GetUtcNow())));
        Assert.True(await Inbox.CompleteAsync(older, new KciEntityState("PROVIDE_ORDER:9", 3, Guid.NewGuid(), "IN_PROGRESS", Clock.GetUtcNow())));

        Assert.Equal(new KciEntityState("PROVIDE_ORDER:9", 5, id, "COMPLETED", Clock.GetUtcNow()), await Inbox.GetEntityStateAsync("PROVIDE_ORDER:9"));
    }

    [Fact]
    public async Task Entity_states_list_by_type_most_recently_updated_first_with_a_total_and_pages_that_do_not_overlap()
    {
        var keys = new[] { "PROVIDE_ORDER:1", "CEASE_ORDER:2", "SERVICE_PROBLEM:3", "PROVIDE_ORDER:4", "PROVIDEXORDER:5", "PROVIDE_ORDER:6" };
        foreach (var key in keys)
        {
            await AddAsync(key);
        }

        foreach (var entry in (await Inbox.ClaimAsync(10, Lease)).OrderBy(e => Array.IndexOf(keys, e.EntityKey)))
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await Inbox.CompleteAsync(entry, new KciEntityState(entry.EntityKey, 1, entry.KciId, "ACKNOWLEDGED", Clock.GetUtcNow())));
        }

        var orders = new KciEntityStateQuery { EntityTypes = ["PROVIDE_ORDER", "CEASE_ORDER"], Limit = 3 };
        var first = await Inbox.ListEntityStatesAsync(orders);
        var second = await Inbox.ListEntityStatesAsync(orders with { Offset = 3 });

        Assert.Equal(4, first.Total);
        Assert.Equal(["PROVIDE_ORDER:6", "PROVIDE_ORDER:4", "CEASE_ORDER:2"], first.Items.Select(s => s.EntityKey));
        Assert.Equal(["PROVIDE_ORDER:1"], second.Items.Select(s => s.EntityKey)); // '_' is no wildcard: PROVIDEXORDER is not listed
        Assert.Equal(4, second.Total);
        Assert.Equal(0, (await Inbox.ListEntityStatesAsync(new KciEntityStateQuery { EntityTypes = ["MODIFY_ORDER"] })).Total);
        await Assert.ThrowsAsync<ArgumentException>(() => Inbox.ListEntityStatesAsync(new KciEntityStateQuery { EntityTypes = [] }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Inbox.ListEntityStatesAsync(orders with { Limit = 0 }));
    }

    [Fact]
    public async Task A_lost_claim_records_no_entity_state()
    {
        await AddAsync();
        var first = await ClaimOneAsync();
        Clock.Advance(Lease * 2);
        await ClaimOneAsync();

        Assert.False(await Inbox.CompleteAsync(first, new KciEntityState("PROVIDE_ORDER:1", 1, first.KciId, "X", Clock.GetUtcNow())));
        Assert.Null(await Inbox.GetEntityStateAsync("PROVIDE_ORDER:1"));
    }

    [Fact]
    public async Task Statistics_count_every_state()
    {
        await AddAsync("A:1");
        await AddAsync("B:1");
        var pending = await AddAsync("C:1");
        var claimed = await Inbox.ClaimAsync(2, Lease);
        Assert.True(await Inbox.CompleteAsync(claimed[0], null));
        Assert.True(await Inbox.FailAsync(claimed[1], "x", null));

        Assert.Equal(new KciInboxStatistics(1, 1, 1) { OldestPendingReceivedAt = pending.ReceivedAt }, await Inbox.GetStatisticsAsync());
        Assert.Equal(new KciInboxBacklog(1, 1) { OldestPendingReceivedAt = pending.ReceivedAt }, await Inbox.GetBacklogAsync());
    }

    [Fact]
    public async Task The_backlog_of_an_empty_inbox_is_nothing_and_a_retried_entry_is_still_pending()
    {
        Assert.Equal(new KciInboxBacklog(0, 0), await Inbox.GetBacklogAsync());
        var entry = await AddAsync("A:1");
        Assert.True(await Inbox.FailAsync((await Inbox.ClaimAsync(1, Lease))[0], "x", Clock.GetUtcNow().AddMinutes(1)));

        Assert.Equal(new KciInboxBacklog(1, 0) { OldestPendingReceivedAt = entry.ReceivedAt }, await Inbox.GetBacklogAsync());
    }

    [Fact]
    public async Task Nothing_pending_means_nothing_due()
    {
        Assert.Null(await Inbox.GetNextDueAsync());
        Assert.Empty(await Inbox.ClaimAsync(10, Lease));
        Assert.Null(await Inbox.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_second_receiver_on_the_same_store_sees_the_first_ones_claims_and_outcomes()
    {
        var other = Store.Open(Clock).Inbox;
        await AddAsync(sequence: 1);
        await AddAsync(sequence: 2);

        var claimed = await ClaimOneAsync();
        Assert.Empty(await other.ClaimAsync(10, Lease));
        Assert.True(await Inbox.CompleteAsync(claimed, null));

        var next = await ClaimOneAsync(other);
        Assert.Equal(2, next.SequenceNumber);
        Assert.Equal(KciInboxAddResult.Duplicate, await other.AddAsync(Entry(id: claimed.KciId)));
        Assert.True(await other.CompleteAsync(next, null));
        Assert.Equal(new KciInboxStatistics(0, 0, 2), await Inbox.GetStatisticsAsync());
    }

    /// <summary>
    /// The race the claim must win: several dispatchers on two receiver instances claim, handle and complete
    /// while the gateway keeps adding, duplicates included. No entry is claimed twice and an entity is never
    /// held by two claims at once. In order, each entity's entries finish in sequence order; out of order
    /// (now and then the gateway delivers a KCI just before its predecessor, so that a lower sequence number
    /// turns up while the entity may be claimed), an entity is still never held twice.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Concurrent_dispatchers_on_two_instances_never_share_an_entity(bool inOrder)
    {
        const int entities = 40, perEntity = 16;
        var instances = new[] { Inbox, Store.Open(Clock).Inbox };
        var inFlight = new ConcurrentDictionary<string, Guid>();
        var finished = new ConcurrentDictionary<string, ConcurrentQueue<long>>();
        var claims = new ConcurrentDictionary<Guid, int>();
        var violations = new ConcurrentQueue<string>();
        var added = 0;

        async Task Gateway()
        {
            var random = new Random(7);
            for (var pair = 0; pair < perEntity / 2; pair++)
            {
                foreach (var e in Enumerable.Range(1, entities).OrderBy(_ => random.Next()))
                {
                    var first = Entry($"PROVIDE_ORDER:{e}", (2 * pair) + 1);
                    var second = Entry($"PROVIDE_ORDER:{e}", (2 * pair) + 2);
                    foreach (var entry in inOrder || random.Next(2) == 0 ? new[] { first, second } : [second, first])
                    {
                        await instances[random.Next(2)].AddAsync(entry);
                        if (random.Next(4) == 0)
                        {
                            Assert.Equal(KciInboxAddResult.Duplicate, await instances[random.Next(2)].AddAsync(entry));
                        }

                        Interlocked.Increment(ref added);
                    }
                }
            }
        }

        async Task Dispatcher(IKciInbox inbox)
        {
            while (true)
            {
                var batch = await inbox.ClaimAsync(5, Lease);
                if (batch.Count == 0)
                {
                    if (Volatile.Read(ref added) == entities * perEntity && (await inbox.GetStatisticsAsync()).Pending == 0)
                    {
                        return;
                    }

                    await Task.Delay(1);
                    continue;
                }

                foreach (var entry in batch)
                {
                    if (claims.AddOrUpdate(entry.KciId, 1, (_, n) => n + 1) > 1)
                    {
                        violations.Enqueue($"{entry.KciId} claimed twice");
                    }

                    if (!inFlight.TryAdd(entry.EntityKey, entry.KciId))
                    {
                        violations.Enqueue($"{entry.EntityKey} held by two claims");
                    }
                }

                await Task.Delay(1); // handling
                foreach (var entry in batch)
                {
                    finished.GetOrAdd(entry.EntityKey, _ => new ConcurrentQueue<long>()).Enqueue(entry.SequenceNumber);
                    inFlight.TryRemove(entry.EntityKey, out _);
                    Assert.True(await inbox.CompleteAsync(entry, null));
                }
            }
        }

        await Task.WhenAll([Task.Run(Gateway), .. Enumerable.Range(0, 6).Select(i => Task.Run(() => Dispatcher(instances[i % 2])))]);

        Assert.Empty(violations);
        Assert.Equal(entities * perEntity, claims.Count);
        Assert.Equal(new KciInboxStatistics(0, 0, entities * perEntity), await Inbox.GetStatisticsAsync());
        if (inOrder)
        {
            Assert.All(finished.Values, order => Assert.Equal(Enumerable.Range(1, perEntity).Select(n => (long)n), order));
        }
    }
}

public sealed class InMemoryKciInboxConformance : KciInboxConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.InMemory();
}

public sealed class SqliteKciInboxConformance : KciInboxConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.Sqlite();

    protected override async Task<bool> PlantProducedEventsAsync(Guid kciId, string json)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.SqlitePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE kci_inbox SET produced_events = @json WHERE kci_id = @id;";
        command.Parameters.AddWithValue("@json", json);
        command.Parameters.AddWithValue("@id", kciId.ToString("D"));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        return true;
    }
}

[Collection(FibreCafe.TestSupport.PostgresCollection.Name)]
public sealed class PostgreSqlKciInboxConformance(FibreCafe.TestSupport.PostgresFixture postgres) : KciInboxConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.PostgreSql(postgres);

    protected override async Task<bool> PlantProducedEventsAsync(Guid kciId, string json)
    {
        var (connectionString, schema) = Store.PostgreSqlDatabase!.Value;
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"UPDATE {schema}.kci_inbox SET produced_events = @json WHERE kci_id = @id;", connection);
        command.Parameters.AddWithValue("@json", json);
        command.Parameters.AddWithValue("@id", kciId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        return true;
    }

    /// <summary>
    /// The keys in a linguistic collation (ICU's root, where ';' sorts before ':', so the range [TYPE:, TYPE;) would be
    /// empty), as a database made with the host's locale may have: a type still matches exactly its keys, an id its own.
    /// </summary>
    [Fact]
    public async Task An_entity_type_matches_exactly_its_keys_whatever_the_collation_of_the_database()
    {
        await Inbox.GetStatisticsAsync(); // the schema, made
        var (connectionString, schema) = Store.PostgreSqlDatabase!.Value;
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"""ALTER TABLE {schema}.kci_inbox ALTER COLUMN entity_key TYPE text COLLATE "und-x-icu";""", connection);
            await command.ExecuteNonQueryAsync();
        }

        var ids = new Dictionary<string, Guid>();
        foreach (var key in new[] { "PROVIDE_ORDER:1", "PROVIDE_ORDER;2", "provide_order:3", "PROVIDE-ORDER:4", "PROVIDE_ORDER:12" })
        {
            var entry = Entry(key);
            await Inbox.AddAsync(entry);
            ids[key] = entry.KciId;
        }

        var byType = await Inbox.SearchAsync(new KciInboxQuery { EntityType = KciEntityType.ProvideOrder });
        var byId = await Inbox.SearchAsync(new KciInboxQuery { EntityId = "1" });

        Assert.Equal([ids["PROVIDE_ORDER:12"], ids["PROVIDE_ORDER:1"]], byType.Items.Select(e => e.KciId));
        Assert.Equal(2, byType.Total);
        Assert.Equal([ids["PROVIDE_ORDER:1"]], byId.Items.Select(e => e.KciId));
    }
}
