using System.Text;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Kci.Tests.Inbox;

/// <summary>What every <see cref="IKciInbox"/> must do; run against each implementation.</summary>
public abstract class KciInboxContractTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected KciInboxContractTests()
    {
        Inbox = CreateInbox(Clock);
    }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 4, 10, 9, 0, 0, TimeSpan.Zero));

    protected IKciInbox Inbox { get; }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected abstract IKciInbox CreateInbox(TimeProvider clock);

    private KciInboxEntry Entry(string entityKey = "PROVIDE_ORDER:1", long sequence = 1, Guid? id = null) => new()
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
        Body = Encoding.UTF8.GetBytes($"{{\"sequenceNumber\":{sequence}}}"),
    };

    private async Task<KciInboxEntry> AddAsync(string entityKey = "PROVIDE_ORDER:1", long sequence = 1)
    {
        var entry = Entry(entityKey, sequence);
        Assert.Equal(KciInboxAddResult.Added, await Inbox.AddAsync(entry));
        return entry;
    }

    private async Task<KciInboxEntry> ClaimOneAsync()
    {
        var claimed = await Inbox.ClaimAsync(10, Lease);
        return Assert.Single(claimed);
    }

    [Fact]
    public async Task An_entry_is_stored_with_its_raw_body_and_correlation_ids()
    {
        var entry = await AddAsync();

        var stored = await Inbox.GetAsync(entry.KciId);

        Assert.NotNull(stored);
        Assert.Equal(entry.Body.ToArray(), stored.Body.ToArray());
        Assert.Equal("req", stored.RequestId);
        Assert.Equal("conv", stored.ConversationId);
        Assert.Equal(KciInboxStatus.Pending, stored.Status);
        Assert.Equal(entry.DeliveredOn, stored.DeliveredOn);
    }

    [Fact]
    public async Task The_same_kci_id_is_stored_once()
    {
        var entry = await AddAsync();

        var again = await Inbox.AddAsync(entry with { RequestId = "another delivery" });

        Assert.Equal(KciInboxAddResult.Duplicate, again);
        Assert.Equal("req", (await Inbox.GetAsync(entry.KciId))!.RequestId);
        Assert.Equal(1, (await Inbox.GetStatisticsAsync()).Pending);
    }

    [Fact]
    public async Task A_done_kci_delivered_again_is_still_a_duplicate()
    {
        var entry = await AddAsync();
        Assert.True(await Inbox.CompleteAsync(await ClaimOneAsync(), null));

        Assert.Equal(KciInboxAddResult.Duplicate, await Inbox.AddAsync(entry));
        Assert.Empty(await Inbox.ClaimAsync(10, Lease));
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
    }

    [Fact]
    public async Task Different_entities_are_claimed_together_in_arrival_order()
    {
        var a = await AddAsync("PROVIDE_ORDER:1");
        var b = await AddAsync("SERVICE_PROBLEM:1");
        await AddAsync("PROVIDE_ORDER:1", sequence: 2);

        var claimed = await Inbox.ClaimAsync(10, Lease);

        Assert.Equal([a.KciId, b.KciId], claimed.Select(c => c.KciId));
        Assert.All(claimed, c => Assert.NotNull(c.LeaseId));
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
    public async Task A_lapsed_claim_can_be_taken_again_and_the_old_claim_is_lost()
    {
        await AddAsync();
        var first = await ClaimOneAsync();
        Assert.Equal(Clock.GetUtcNow() + Lease, await Inbox.GetNextDueAsync());

        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = await ClaimOneAsync();

        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.False(await Inbox.CompleteAsync(first, null));
        Assert.True(await Inbox.CompleteAsync(second, null));
    }

    [Fact]
    public async Task A_failed_attempt_waits_until_its_retry_time_and_holds_back_its_entity()
    {
        await AddAsync(sequence: 1);
        await AddAsync(sequence: 2);
        var claimed = await ClaimOneAsync();
        var retryAt = Clock.GetUtcNow().AddSeconds(30);

        Assert.True(await Inbox.FailAsync(claimed, "boom", retryAt));

        Assert.Empty(await Inbox.ClaimAsync(10, Lease));
        Assert.Equal(retryAt, await Inbox.GetNextDueAsync());
        var stored = await Inbox.GetAsync(claimed.KciId);
        Assert.Equal(1, stored!.Attempts);
        Assert.Equal("boom", stored.LastError);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await ClaimOneAsync()).SequenceNumber);
    }

    [Fact]
    public async Task A_parked_entry_is_listed_does_not_hold_back_its_entity_and_can_be_replayed()
    {
        var first = await AddAsync(sequence: 1);
        await AddAsync(sequence: 2);
        Assert.True(await Inbox.FailAsync(await ClaimOneAsync(), "poison", retryAt: null));

        var parked = Assert.Single(await Inbox.ListAsync(KciInboxStatus.Parked));
        Assert.Equal(first.KciId, parked.KciId);
        Assert.Equal(1, (await Inbox.GetStatisticsAsync()).Parked);
        Assert.Equal(2, (await ClaimOneAsync()).SequenceNumber);

        Assert.True(await Inbox.ReplayAsync(first.KciId));
        Assert.False(await Inbox.ReplayAsync(first.KciId));
        var replayed = await Inbox.GetAsync(first.KciId);
        Assert.Equal(KciInboxStatus.Pending, replayed!.Status);
        Assert.Equal(0, replayed.Attempts);
    }

    [Fact]
    public async Task Replay_refuses_entries_that_are_not_parked()
    {
        var pending = await AddAsync();

        Assert.False(await Inbox.ReplayAsync(pending.KciId));
        Assert.False(await Inbox.ReplayAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_released_entry_is_claimable_again_without_a_counted_attempt()
    {
        await AddAsync();
        Assert.True(await Inbox.ReleaseAsync(await ClaimOneAsync()));

        var again = await ClaimOneAsync();

        Assert.Equal(0, again.Attempts);
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

        Assert.True(await Inbox.CompleteAsync(newer, new KciEntityState("PROVIDE_ORDER:9", 5, id, "COMPLETED", Clock.GetUtcNow())));
        Assert.True(await Inbox.CompleteAsync(older, new KciEntityState("PROVIDE_ORDER:9", 3, Guid.NewGuid(), "IN_PROGRESS", Clock.GetUtcNow())));

        var state = await Inbox.GetEntityStateAsync("PROVIDE_ORDER:9");
        Assert.Equal(5, state!.SequenceNumber);
        Assert.Equal("COMPLETED", state.Status);
        Assert.Equal(id, state.KciId);
    }

    [Fact]
    public async Task Statistics_count_every_state()
    {
        await AddAsync("A:1");
        await AddAsync("B:1");
        await AddAsync("C:1");
        var claimed = await Inbox.ClaimAsync(2, Lease);
        Assert.True(await Inbox.CompleteAsync(claimed[0], null));
        Assert.True(await Inbox.FailAsync(claimed[1], "x", null));

        Assert.Equal(new KciInboxStatistics(1, 1, 1), await Inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task Nothing_pending_means_nothing_due()
    {
        Assert.Null(await Inbox.GetNextDueAsync());
        Assert.Empty(await Inbox.ClaimAsync(10, Lease));
    }
}

public sealed class InMemoryKciInboxTests : KciInboxContractTests
{
    protected override IKciInbox CreateInbox(TimeProvider clock) => new InMemoryKciInbox(clock);
}

public sealed class SqliteKciInboxTests : KciInboxContractTests
{
    private TempDirectory? _folder;

    public override void Dispose()
    {
        _folder?.Dispose();
        base.Dispose();
    }

    protected override IKciInbox CreateInbox(TimeProvider clock)
    {
        _folder = new TempDirectory();
        var database = SqliteTestStore.Database(_folder.File("inbox.db"));
        return new FibreCafe.Storage.Sqlite.SqliteKciInbox(database, clock);
    }
}
