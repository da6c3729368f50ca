using System.Text;
using FibreCafe.Kci;
using FibreCafe.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>Done KCIs past their retention leave the SQLite file; nothing else does.</summary>
public sealed class SqliteRetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-retention-");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 4, 10, 9, 0, 0, TimeSpan.Zero));
    private readonly SqliteKciStoreOptions _options = new() { DoneRetention = TimeSpan.FromDays(7), CleanupInterval = TimeSpan.FromMinutes(10) };
    private SqliteKciDatabase _database = null!;
    private SqliteKciInbox _inbox = null!;

    public Task InitializeAsync()
    {
        _options.Path = Path.Combine(_folder.FullName, "kci.db");
        _database = new SqliteKciDatabase(Options.Create(_options));
        _inbox = new SqliteKciInbox(_database, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Only_done_entries_older_than_the_retention_are_deleted()
    {
        var old = await AddAsync("A:1");
        var parked = await AddAsync("B:1");
        var pending = await AddAsync("C:1");
        var claimed = await _inbox.ClaimAsync(2, Lease);
        Assert.True(await _inbox.CompleteAsync(claimed[0], new KciEntityState("A:1", 1, old.KciId, "DONE", _clock.GetUtcNow())));
        Assert.True(await _inbox.FailAsync(claimed[1], "poison", retryAt: null));
        _clock.Advance(TimeSpan.FromDays(6));
        var recent = await AddDoneAsync("D:1");
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var deleted = await Retention().CleanupAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Null(await _inbox.GetAsync(old.KciId));
        Assert.Equal(KciInboxStatus.Parked, (await _inbox.GetAsync(parked.KciId))!.Status);
        Assert.Equal(KciInboxStatus.Pending, (await _inbox.GetAsync(pending.KciId))!.Status);
        Assert.Equal(KciInboxStatus.Done, (await _inbox.GetAsync(recent.KciId))!.Status);
        Assert.Equal(1, (await _inbox.GetEntityStateAsync("A:1"))!.SequenceNumber); // states stay: a late re-delivery is stale
        Assert.Equal(KciInboxAddResult.Added, await _inbox.AddAsync(old)); // past retention, a re-delivery is new again
    }

    [Fact]
    public async Task Old_entries_are_deleted_page_after_page_and_one_completed_late_stays_until_its_own_time()
    {
        var completedLate = await AddAsync("LATE:1");
        var early = new List<Guid>();
        for (var i = 0; i < 1_200; i++)
        {
            early.Add((await AddAsync($"E:{i}")).KciId);
        }

        Assert.Equal(completedLate.KciId, Assert.Single(await _inbox.ClaimAsync(1, Lease)).KciId); // held, not finished
        while (await _inbox.ClaimAsync(500, Lease) is { Count: > 0 } batch)
        {
            foreach (var entry in batch)
            {
                Assert.True(await _inbox.CompleteAsync(entry, null));
            }
        }

        _clock.Advance(TimeSpan.FromDays(3));
        Assert.True(await _inbox.CompleteAsync(Assert.Single(await _inbox.ClaimAsync(10, Lease)), null));
        _clock.Advance(TimeSpan.FromDays(5));

        Assert.Equal(1_200, await Retention().CleanupAsync(CancellationToken.None));
        Assert.Equal(new KciInboxStatistics(0, 0, 1), await _inbox.GetStatisticsAsync());
        Assert.Null(await _inbox.GetAsync(early[^1]));

        _clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(1, await Retention().CleanupAsync(CancellationToken.None));
        Assert.Null(await _inbox.GetAsync(completedLate.KciId));
    }

    [Fact]
    public async Task Entries_replayed_long_after_they_arrived_do_not_hold_back_the_clean_up_of_the_rows_behind_them()
    {
        var replayed = new List<Guid>();
        for (var i = 0; i < 600; i++)
        {
            replayed.Add((await AddAsync($"P:{i}")).KciId);
        }

        while (await _inbox.ClaimAsync(500, Lease) is { Count: > 0 } batch)
        {
            foreach (var entry in batch)
            {
                Assert.True(await _inbox.FailAsync(entry, "poison", retryAt: null));
            }
        }

        for (var i = 0; i < 100; i++)
        {
            await AddDoneAsync($"E:{i}");
        }

        _clock.Advance(TimeSpan.FromDays(6));
        foreach (var id in replayed)
        {
            Assert.True(await _inbox.ReplayAsync(id));
        }

        while (await _inbox.ClaimAsync(500, Lease) is { Count: > 0 } batch)
        {
            foreach (var entry in batch)
            {
                Assert.True(await _inbox.CompleteAsync(entry, null));
            }
        }

        _clock.Advance(TimeSpan.FromDays(2));

        // The 600 replayed ones come first in arrival order but were done 2 days ago; the 100 behind them, 8 days ago.
        Assert.Equal(100, await Retention().CleanupAsync(CancellationToken.None));
        Assert.Equal(new KciInboxStatistics(0, 0, 600), await _inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task The_clean_up_runs_by_itself_on_the_configured_interval_and_logs_what_it_deleted()
    {
        var logs = new FakeLogCollector();
        using var retention = new SqliteKciRetention(
            _database, Options.Create(_options), _clock, new FakeLogger<SqliteKciRetention>(logs));
        var entry = await AddDoneAsync("A:1");
        await retention.StartAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        bool Logged() => logs.GetSnapshot().Any(r => r.Message.StartsWith("KCI store retention: deleted 1 done KCI(s)", StringComparison.Ordinal));

        // The line is logged after the delete committed: waiting for it waits for both.
        for (var i = 0; i < 500 && !Logged(); i++)
        {
            _clock.Advance(_options.CleanupInterval);
            await Task.Delay(20);
        }

        Assert.True(Logged());
        Assert.Null(await _inbox.GetAsync(entry.KciId));
        await retention.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_zero_interval_turns_the_clean_up_off()
    {
        var entry = await AddDoneAsync("A:1");
        using var retention = new SqliteKciRetention(
            _database, Options.Create(new SqliteKciStoreOptions { Path = _options.Path, CleanupInterval = TimeSpan.Zero }), _clock, NullLogger<SqliteKciRetention>.Instance);
        _clock.Advance(TimeSpan.FromDays(30));

        await retention.StartAsync(CancellationToken.None);
        await retention.ExecuteTask!;

        Assert.NotNull(await _inbox.GetAsync(entry.KciId));
    }

    [Fact]
    public async Task An_infinite_entity_state_retention_keeps_every_state()
    {
        var entry = await AddAsync("A:1");
        Assert.True(await _inbox.CompleteAsync(Assert.Single(await _inbox.ClaimAsync(1, Lease)), new KciEntityState("A:1", 1, entry.KciId, "DONE", _clock.GetUtcNow())));
        _options.EntityStateRetention = Timeout.InfiniteTimeSpan;
        _clock.Advance(TimeSpan.FromDays(10 * 365));

        Assert.Equal(0, await Retention().CleanupEntityStatesAsync(CancellationToken.None));
        Assert.NotNull(await _inbox.GetEntityStateAsync("A:1"));

        _options.EntityStateRetention = KciStoreOptions.DefaultEntityStateRetention;
        Assert.Equal(1, await Retention().CleanupEntityStatesAsync(CancellationToken.None));
    }

    private SqliteKciRetention Retention() => new(_database, Options.Create(_options), _clock, NullLogger<SqliteKciRetention>.Instance);

    private async Task<KciInboxEntry> AddAsync(string entityKey)
    {
        var entry = new KciInboxEntry
        {
            KciId = Guid.NewGuid(),
            EntityKey = entityKey,
            SequenceNumber = 1,
            EntityType = KciEntityType.ProvideOrder,
            UpdateType = KciUpdateType.Informational,
            Supplier = "FIBRECO",
            DeliveredOn = _clock.GetUtcNow(),
            ReceivedAt = _clock.GetUtcNow(),
            Body = Encoding.UTF8.GetBytes("{}"),
        };
        Assert.Equal(KciInboxAddResult.Added, await _inbox.AddAsync(entry));
        return entry;
    }

    private async Task<KciInboxEntry> AddDoneAsync(string entityKey)
    {
        var entry = await AddAsync(entityKey);
        var claimed = (await _inbox.ClaimAsync(10, Lease)).Single(c => c.KciId == entry.KciId);
        Assert.True(await _inbox.CompleteAsync(claimed, null));
        return entry;
    }
}
