using System.Text;
using FibreCafe.Kci;
using FibreCafe.Storage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Storage.Tests.Conformance;

/// <summary>
/// What the retention of every durable store does with entity states (<see cref="KciStoreOptions.EntityStateRetention"/>,
/// the default here): a quiet entity's state goes, a busy or recent one's stays, and the entity can start again.
/// </summary>
public abstract class EntityStateRetentionConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Retention = KciStoreOptions.DefaultEntityStateRetention;

    private StoreUnderTest? _store;
    private StoreInstance? _first;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 4, 10, 9, 0, 0, TimeSpan.Zero));

    protected StoreUnderTest Store => _store!;

    private IKciInbox Inbox => _first!.Inbox;

    public Task InitializeAsync()
    {
        _store = CreateStore();
        _first = _store.Open(Clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    protected abstract StoreUnderTest CreateStore();

    /// <summary>Runs the store's entity-state clean-up once, as its retention service does every interval.</summary>
    protected abstract Task<long> CleanupEntityStatesAsync(StoreInstance instance);

    /// <summary>Gets the entity keys the store keeps besides their states (PostgreSQL's claim locks), or <see langword="null"/> when it keeps none.</summary>
    protected virtual Task<IReadOnlyList<string>?> OtherEntityRowsAsync() => Task.FromResult<IReadOnlyList<string>?>(null);

    [Fact]
    public async Task A_quiet_entity_past_the_retention_loses_its_state_and_a_busy_or_recent_one_keeps_it()
    {
        await DoneWithStateAsync("QUIET:1", 1);
        await DoneWithStateAsync("PARKED:1", 1);
        await DoneWithStateAsync("PENDING:1", 1);
        Clock.Advance(TimeSpan.FromDays(1));
        await DoneWithStateAsync("RECENT:1", 1);
        await Inbox.AddAsync(Entry("PARKED:1", 2));
        Assert.True(await Inbox.FailAsync(Assert.Single(await Inbox.ClaimAsync(10, Lease)), "poison", retryAt: null));
        await Inbox.AddAsync(Entry("PENDING:1", 2));
        Clock.Advance(Retention); // QUIET, PARKED, PENDING changed a day more than the retention ago; RECENT, just that

        var deleted = await CleanupEntityStatesAsync(_first!);

        Assert.Equal(1, deleted);
        Assert.Null(await Inbox.GetEntityStateAsync("QUIET:1"));
        foreach (var kept in new[] { "PARKED:1", "PENDING:1", "RECENT:1" })
        {
            Assert.Equal(1, (await Inbox.GetEntityStateAsync(kept))?.SequenceNumber);
        }

        if (await OtherEntityRowsAsync() is { } rows)
        {
            Assert.Equal(["PARKED:1", "PENDING:1", "RECENT:1"], rows);
        }

        // The entity starts again: its next KCI is stored, claimed and applied as its first.
        var again = Entry("QUIET:1", 7);
        Assert.Equal(KciInboxAddResult.Added, await Inbox.AddAsync(again));
        var claimed = (await Inbox.ClaimAsync(10, Lease)).Single(e => e.EntityKey == "QUIET:1");
        Assert.True(await Inbox.CompleteAsync(claimed, new KciEntityState("QUIET:1", 7, again.KciId, "RESTARTED", Clock.GetUtcNow())));
        Assert.Equal("RESTARTED", (await Inbox.GetEntityStateAsync("QUIET:1"))?.Status);
    }

    [Fact]
    public async Task Every_page_of_states_is_visited_and_nothing_is_deleted_twice()
    {
        var recent = new List<string>();
        for (var i = 0; i < 1_500; i++)
        {
            await Inbox.AddAsync(Entry($"E:{i:D4}", 1));
        }

        await CompleteAllAsync();
        Clock.Advance(Retention + TimeSpan.FromMinutes(1));
        for (var i = 0; i < 1_500; i += 100)
        {
            recent.Add($"E:{i:D4}");
            await DoneWithStateAsync(recent[^1], 2); // spread over the pages of keys
        }

        Assert.Equal(1_500 - recent.Count, await CleanupEntityStatesAsync(_first!));
        Assert.Equal(0, await CleanupEntityStatesAsync(_first!));

        var left = await Inbox.ListEntityStatesAsync(new KciEntityStateQuery { EntityTypes = ["E"], Limit = 100 });
        Assert.Equal(recent, left.Items.Select(s => s.EntityKey).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// KCIs arriving for quiet entities while their states are deleted: each must still be claimable (on PostgreSQL the
    /// clean-up must not delete the row a claim locks under an intake that found it).
    /// </summary>
    [Fact]
    public async Task A_kci_arriving_while_its_quiet_entity_is_deleted_is_still_claimed()
    {
        const int entities = 40;
        for (var i = 0; i < entities; i++)
        {
            await Inbox.AddAsync(Entry($"R:{i}", 1));
        }

        await CompleteAllAsync();
        Clock.Advance(Retention + TimeSpan.FromMinutes(1));
        var other = Store.Open(Clock); // SQLite: the same instance; PostgreSQL: a second receiver

        var intake = Task.Run(async () =>
        {
            for (var i = 0; i < entities; i++)
            {
                Assert.Equal(KciInboxAddResult.Added, await other.Inbox.AddAsync(Entry($"R:{i}", 2)));
            }
        });
        var cleanups = Task.Run(async () =>
        {
            while (!intake.IsCompleted)
            {
                await CleanupEntityStatesAsync(other);
            }
        });
        await Task.WhenAll(intake, cleanups);

        var claimed = new List<string>();
        while (await Inbox.ClaimAsync(100, Lease) is { Count: > 0 } batch)
        {
            claimed.AddRange(batch.Select(e => e.EntityKey));
            foreach (var entry in batch)
            {
                Assert.True(await Inbox.CompleteAsync(entry, null));
            }
        }

        Assert.Equal(entities, claimed.Distinct().Count());
    }

    /// <summary>Retention services are not started here; the store's own is found among the hosted services, as the host would run it.</summary>
    protected static T RetentionOf<T>(StoreInstance instance) => instance.Services.GetServices<IHostedService>().OfType<T>().Single();

    private KciInboxEntry Entry(string entityKey, long sequence) => new()
    {
        KciId = Guid.NewGuid(),
        EntityKey = entityKey,
        SequenceNumber = sequence,
        EntityType = KciEntityType.ProvideOrder,
        UpdateType = KciUpdateType.Informational,
        Supplier = "FIBRECO",
        DeliveredOn = Clock.GetUtcNow(),
        ReceivedAt = Clock.GetUtcNow(),
        Body = Encoding.UTF8.GetBytes("{}"),
    };

    private async Task DoneWithStateAsync(string entityKey, long sequence)
    {
        var entry = Entry(entityKey, sequence);
        Assert.Equal(KciInboxAddResult.Added, await Inbox.AddAsync(entry));
        var claimed = (await Inbox.ClaimAsync(10, Lease)).Single(e => e.KciId == entry.KciId);
        Assert.True(await Inbox.CompleteAsync(claimed, new KciEntityState(entityKey, sequence, entry.KciId, "DONE", Clock.GetUtcNow())));
    }

    private async Task CompleteAllAsync()
    {
        while (await Inbox.ClaimAsync(500, Lease) is { Count: > 0 } batch)
        {
            foreach (var entry in batch)
            {
                Assert.True(await Inbox.CompleteAsync(entry, new KciEntityState(entry.EntityKey, entry.SequenceNumber, entry.KciId, "DONE", Clock.GetUtcNow())));
            }
        }
    }
}

public sealed class SqliteEntityStateRetentionConformance : EntityStateRetentionConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.Sqlite();

    protected override Task<long> CleanupEntityStatesAsync(StoreInstance instance) =>
        RetentionOf<FibreCafe.Storage.Sqlite.SqliteKciRetention>(instance).CleanupEntityStatesAsync(CancellationToken.None);
}

[Collection(FibreCafe.TestSupport.PostgresCollection.Name)]
public sealed class PostgreSqlEntityStateRetentionConformance(FibreCafe.TestSupport.PostgresFixture postgres) : EntityStateRetentionConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.PostgreSql(postgres);

    protected override Task<long> CleanupEntityStatesAsync(StoreInstance instance) =>
        RetentionOf<FibreCafe.Storage.PostgreSql.PostgreSqlKciRetention>(instance).CleanupEntityStatesAsync(CancellationToken.None);

    protected override async Task<IReadOnlyList<string>?> OtherEntityRowsAsync()
    {
        var (connectionString, schema) = Store.PostgreSqlDatabase!.Value;
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT entity_key FROM {schema}.kci_entity ORDER BY entity_key COLLATE \"C\";", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
