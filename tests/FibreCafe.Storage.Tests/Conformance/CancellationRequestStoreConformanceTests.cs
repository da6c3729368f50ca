using System.Data.Common;
using FibreCafe.Kci;
using FibreCafe.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="ICancellationRequestStore"/> must do, run against each store (the subclasses at the end). The
/// in-memory and SQLite stores keep time on the host's clock (a fake one here, moved by <see cref="PassAsync"/>);
/// PostgreSQL on the database's, so there time really passes, and every time here is far from any edge.
/// </summary>
public abstract class CancellationRequestStoreConformanceTests : IAsyncLifetime
{
    private StoreUnderTest? _store;

    protected StoreUnderTest Store => _store!;

    protected ICancellationRequestStore Requests { get; private set; } = null!;

    /// <summary>Gets the store's clock as the tests see it.</summary>
    protected abstract TimeProvider Clock { get; }

    protected DateTimeOffset Now => Clock.GetUtcNow();

    public Task InitializeAsync()
    {
        _store = CreateStore();
        Requests = _store.Open(Clock).Requests;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    protected abstract StoreUnderTest CreateStore();

    /// <summary>Lets <paramref name="time"/> pass on the store's clock.</summary>
    protected abstract Task PassAsync(TimeSpan time);

    protected CancellationRequest NewRequest(long target = 12345, DateTimeOffset? due = null, string? key = null, CancellationRequestPriority priority = CancellationRequestPriority.Regular, CancellationKind kind = CancellationKind.ServiceOrder)
    {
        var at = due ?? Now.AddMinutes(-1);
        return new CancellationRequest
        {
            Id = Guid.NewGuid(),
            Number = 0,
            Kind = kind,
            TargetId = target,
            State = CancellationRequestState.Scheduled,
            Priority = priority,
            IdempotencyKey = key,
            PayloadHash = $"hash-{target}",
            RequestBody = $$"""{"orderId":{{target}},"reasonCode":"OTHER"}""",
            ReasonCode = "OTHER",
            Text = "Moving abroad",
            Supplier = "FIBRECO",
            ConversationId = Guid.NewGuid().ToString("D"),
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ScheduledFor = Trim(at),
            NextAttemptAt = Trim(at),
            SubmittedBy = new() { ProcessName = "portal", ProcessId = "42", User = "alice" },
            UpdatedBy = "alice",
            CreatedAt = Trim(Now),
            UpdatedAt = Trim(Now),
        };
    }

    // Times survive every store to the millisecond (SQLite keeps Unix milliseconds, PostgreSQL microseconds).
    private static DateTimeOffset Trim(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    protected static CancellationRequestUpdate Move(CancellationRequest current, DateTimeOffset now, CancellationRequestState to, Func<CancellationRequest, CancellationRequest>? change = null)
    {
        var next = (change?.Invoke(current) ?? current) with { State = to, UpdatedAt = Trim(now), UpdatedBy = "test" };
        return new(next, new CancellationRequestHistoryEntry { At = Trim(now), From = current.State, To = to, Cause = $"test: {to}", By = "test" });
    }

    [Fact]
    public async Task An_added_request_keeps_every_field_and_gets_the_next_number()
    {
        var first = await Requests.AddAsync(NewRequest(1));
        var second = await Requests.AddAsync(NewRequest(2));
        var submitted = NewRequest(3, key: "key-3", priority: CancellationRequestPriority.Express, kind: CancellationKind.ServiceProblem) with
        {
            Metadata = CancellationRequestMetadata.From(new Dictionary<string, string> { ["crm.ticket"] = "T-1", ["tmf641.cancellationReason"] = "Client moved — \"abroad\"" }),
        };
        var third = await Requests.AddAsync(submitted);

        Assert.Equal([1L, 2L, 3L], new[] { first, second, third }.Select(r => r.Request.Number));
        Assert.True(third.Added);
        Assert.Equal(submitted with { Number = 3 }, third.Request);
        Assert.Equal(third.Request, await Requests.GetAsync(submitted.Id));
        Assert.Equal(third.Request, await Requests.GetByNumberAsync(3));
        Assert.Equal(third.Request, await Requests.GetByIdempotencyKeyAsync("key-3"));
        Assert.Null(await Requests.GetAsync(Guid.NewGuid()));
        Assert.Null(await Requests.GetByNumberAsync(99));
        Assert.Null(await Requests.GetByIdempotencyKeyAsync("nope"));
    }

    [Fact]
    public async Task A_taken_idempotency_key_returns_the_stored_request_and_adds_nothing()
    {
        var first = await Requests.AddAsync(NewRequest(1, key: "k"));
        var replay = NewRequest(1, key: "k");
        var different = NewRequest(2, key: "k");

        var again = await Requests.AddAsync(replay);
        var conflict = await Requests.AddAsync(different);
        await Requests.AddAsync(NewRequest(5));
        await Requests.AddAsync(NewRequest(6)); // keys that are null never collide

        Assert.False(again.Added);
        Assert.Equal(first.Request, again.Request);
        Assert.False(again.ConflictsWith(replay));
        Assert.True(conflict.ConflictsWith(different));
        Assert.Equal(3, (await Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Fact]
    public async Task A_replay_under_a_used_key_takes_no_number_so_the_feed_of_submissions_has_no_hole()
    {
        var first = await Requests.AddAsync(NewRequest(1, key: "replayed"));
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await Requests.AddAsync(NewRequest(1, key: "replayed"))).Added);
        }

        var next = await Requests.AddAsync(NewRequest(2));

        Assert.Equal(first.Request.Number + 1, next.Request.Number);
        Assert.Equal([first.Request.Number, next.Request.Number], (await Requests.ListAddedAfterAsync(0, 10)).Select(r => r.Number));
    }

    [Fact]
    public async Task Two_callers_racing_with_one_key_get_one_request()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Requests.AddAsync(NewRequest(1, key: "race")))));

        Assert.Single(results, r => r.Added);
        Assert.Single(results.Select(r => r.Request.Id).Distinct());
    }

    [Fact]
    public async Task Changes_are_decided_on_the_stored_row_and_kept_with_their_history_in_order()
    {
        var added = (await Requests.AddAsync(NewRequest())).Request;

        var claimed = Assert.Single(await Requests.ClaimDueAsync("instance-a", TimeSpan.FromMinutes(5), 10));
        var created = await Requests.ChangeAsync(added.Id, (current, now) => Move(current, now, CancellationRequestState.Created, r => r with
        {
            CancellationId = 1000,
            SupplierReference = "SUP-1",
            ResponseStatus = 201,
            ResponseBody = """{"id":1000}""",
            ExecutedAt = Trim(now),
            LeaseOwner = null,
            LeaseExpiresAt = null,
        }));
        var unchanged = await Requests.ChangeAsync(added.Id, (_, _) => null);

        Assert.Null(unchanged);
        Assert.Equal((CancellationRequestState.Created, 1000L, 201), (created!.State, created.CancellationId!.Value, created.ResponseStatus!.Value));
        Assert.Equal(created, await Requests.GetAsync(added.Id));
        Assert.Equal(created, await Requests.GetByCancellationIdAsync(CancellationKind.ServiceOrder, 1000));
        Assert.Null(await Requests.GetByCancellationIdAsync(CancellationKind.ServiceProblem, 1000));
        var history = await Requests.GetHistoryAsync(added.Id);
        Assert.Equal([CancellationRequestState.Scheduled, CancellationRequestState.Sending, CancellationRequestState.Created], history.Select(h => h.To));
        Assert.Null(history[0].From);
        Assert.Equal("alice", history[0].By);
        Assert.Equal((claimed.LastRequestId, added.ConversationId), (history[1].HttpRequestId, history[1].ConversationId));
        Assert.Equal(("test: Created", "test"), (history[2].Cause, history[2].By));
        Assert.Empty(await Requests.GetHistoryAsync(Guid.NewGuid()));
        Assert.Null(await Requests.ChangeAsync(Guid.NewGuid(), (current, now) => Move(current, now, CancellationRequestState.Withdrawn)));
    }

    [Fact]
    public async Task A_forbidden_move_throws_and_changes_nothing_and_an_end_never_moves()
    {
        var added = (await Requests.AddAsync(NewRequest())).Request;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Requests.ChangeAsync(added.Id, (c, now) => Move(c, now, CancellationRequestState.Completed)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Requests.ChangeAsync(added.Id, (c, now) => Move(c, now, c.State, r => r with { TargetId = 9 })));
        Assert.Equal(added, await Requests.GetAsync(added.Id));

        await Requests.ChangeAsync(added.Id, (c, now) => Move(c, now, CancellationRequestState.Withdrawn, r => r with { ClosedAt = Trim(now) }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Requests.ChangeAsync(added.Id, (c, now) => Move(c, now, CancellationRequestState.Scheduled)));
        Assert.Equal(CancellationRequestState.Withdrawn, (await Requests.GetAsync(added.Id))!.State);
        Assert.Equal(2, (await Requests.GetHistoryAsync(added.Id)).Count);
    }

    [Fact]
    public async Task Lists_filter_by_states_kind_target_and_window_newest_first_with_a_total()
    {
        var t0 = Trim(Now).AddDays(10);
        for (var i = 0; i < 6; i++)
        {
            await Requests.AddAsync(NewRequest(10 + (i % 2), due: t0.AddHours(i), kind: i == 5 ? CancellationKind.ServiceProblem : CancellationKind.ServiceOrder));
        }

        var withdrawn = (await Requests.GetByNumberAsync(2))!;
        await Requests.ChangeAsync(withdrawn.Id, (c, now) => Move(c, now, CancellationRequestState.Withdrawn, r => r with { ClosedAt = Trim(now) }));

        var page = await Requests.ListAsync(new CancellationRequestQuery { Kind = CancellationKind.ServiceOrder, Offset = 1, Limit = 2 });
        var target = await Requests.ListAsync(new CancellationRequestQuery { Kind = CancellationKind.ServiceOrder, TargetId = 11 });
        var window = await Requests.ListAsync(new CancellationRequestQuery { ScheduledFrom = t0.AddHours(1), ScheduledBefore = t0.AddHours(3) });
        var states = await Requests.ListAsync(new CancellationRequestQuery { States = [CancellationRequestState.Withdrawn, CancellationRequestState.Parked] });

        Assert.Equal(5, page.Total);
        Assert.Equal([4L, 3L], page.Items.Select(r => r.Number));
        Assert.Equal([4L, 2L], target.Items.Select(r => r.Number));
        Assert.Equal([3L, 2L], window.Items.Select(r => r.Number));
        Assert.Equal(2L, Assert.Single(states.Items).Number);
        Assert.Throws<ArgumentOutOfRangeException>(() => { Requests.ListAsync(new CancellationRequestQuery { Limit = 0 }).GetAwaiter().GetResult(); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { Requests.ListAsync(new CancellationRequestQuery { Offset = -1 }).GetAwaiter().GetResult(); });
    }

    [Fact]
    public async Task A_claim_takes_due_requests_express_first_then_by_due_time_and_leases_them()
    {
        var late = (await Requests.AddAsync(NewRequest(1, due: Now.AddMinutes(-1)))).Request;
        var early = (await Requests.AddAsync(NewRequest(2, due: Now.AddMinutes(-5)))).Request;
        var express = (await Requests.AddAsync(NewRequest(3, due: Now.AddMinutes(-1), priority: CancellationRequestPriority.Express))).Request;
        await Requests.AddAsync(NewRequest(4, due: Now.AddHours(1)));

        var firstTwo = await Requests.ClaimDueAsync("instance-a", TimeSpan.FromMinutes(5), 2);
        var rest = await Requests.ClaimDueAsync("instance-a", TimeSpan.FromMinutes(5), 10);

        Assert.Equal([express.Id, early.Id], firstTwo.Select(r => r.Id));
        Assert.Equal([late.Id], rest.Select(r => r.Id));
        var leased = firstTwo[0];
        Assert.Equal((CancellationRequestState.Sending, "instance-a", 1L, 1), (leased.State, leased.LeaseOwner, leased.LeaseToken, leased.Attempts));
        Assert.NotNull(leased.LastRequestId);
        Assert.True(leased.LeaseExpiresAt > Now.AddMinutes(4));
        Assert.Equal(leased, await Requests.GetAsync(leased.Id));
        Assert.Empty(await Requests.ClaimDueAsync("instance-b", TimeSpan.FromMinutes(5), 10));
    }

    [Fact]
    public async Task One_request_per_target_is_sending_and_a_target_keeps_its_order()
    {
        var first = (await Requests.AddAsync(NewRequest(1))).Request;
        var second = (await Requests.AddAsync(NewRequest(1))).Request;
        var other = (await Requests.AddAsync(NewRequest(2))).Request;

        Assert.Equal(new[] { first.Id, other.Id }.Order(), (await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 10)).Select(r => r.Id).Order());
        Assert.Empty(await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 10)); // the second waits while the first is sending

        await Requests.ChangeAsync(first.Id, (c, now) => Move(c, now, CancellationRequestState.Created, r => r with { CancellationId = 1, LeaseOwner = null }));
        Assert.Equal(second.Id, Assert.Single(await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 10)).Id);
    }

    [Fact]
    public async Task A_request_waiting_for_its_retry_holds_back_its_targets_later_ones_but_a_future_first_one_does_not()
    {
        var retrying = (await Requests.AddAsync(NewRequest(1))).Request;
        await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 10);
        await Requests.ChangeAsync(retrying.Id, (c, now) => Move(c, now, CancellationRequestState.Scheduled, r => r with { NextAttemptAt = Trim(now).AddHours(1), LeaseOwner = null }));
        var behindRetry = (await Requests.AddAsync(NewRequest(1))).Request;
        var future = (await Requests.AddAsync(NewRequest(2, due: Now.AddHours(1)))).Request;
        var behindFuture = (await Requests.AddAsync(NewRequest(2))).Request;

        var claimed = await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 10);

        Assert.Equal(behindFuture.Id, Assert.Single(claimed).Id);
        Assert.Equal(CancellationRequestState.Scheduled, (await Requests.GetAsync(behindRetry.Id))!.State);
        Assert.Equal(CancellationRequestState.Scheduled, (await Requests.GetAsync(future.Id))!.State);
    }

    [Fact]
    public async Task Unsettled_sends_are_those_whose_lease_or_reconcile_window_ended()
    {
        var expiring = (await Requests.AddAsync(NewRequest(1))).Request;
        await Requests.ClaimDueAsync("a", TimeSpan.FromMilliseconds(50), 1);
        var live = (await Requests.AddAsync(NewRequest(2))).Request;
        await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 1);
        var waiting = (await Requests.AddAsync(NewRequest(3))).Request;
        await Requests.ClaimDueAsync("a", TimeSpan.FromMilliseconds(50), 1);
        await Requests.ChangeAsync(waiting.Id, (c, now) => Move(c, now, CancellationRequestState.Sending, r => r with { ReconcileBy = Trim(now).AddHours(1) }));
        var ended = (await Requests.AddAsync(NewRequest(4))).Request;
        await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 1);
        await Requests.ChangeAsync(ended.Id, (c, now) => Move(c, now, CancellationRequestState.Sending, r => r with { ReconcileBy = Trim(now).AddMilliseconds(50) }));

        await PassAsync(TimeSpan.FromMilliseconds(300));
        var unsettled = await Requests.FindUnsettledAsync(10);

        Assert.Equal([expiring.Id, ended.Id], unsettled.Select(r => r.Id));
        Assert.DoesNotContain(unsettled, r => r.Id == live.Id || r.Id == waiting.Id);
    }

    [Fact]
    public async Task In_flight_requests_of_a_target_are_sending_created_and_pending_oldest_first()
    {
        var scheduled = (await Requests.AddAsync(NewRequest(1, due: Now.AddHours(1)))).Request;
        var sending = (await Requests.AddAsync(NewRequest(1))).Request;
        await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 10);
        await Requests.AddAsync(NewRequest(2));

        var inFlight = await Requests.FindInFlightAsync(CancellationKind.ServiceOrder, 1);

        Assert.Equal([sending.Id], inFlight.Select(r => r.Id));
        Assert.Empty(await Requests.FindInFlightAsync(CancellationKind.ServiceProblem, 1));
        Assert.NotEqual(scheduled.Id, inFlight[0].Id);
    }

    [Fact]
    public async Task Statistics_count_by_state_and_give_the_oldest_due_request()
    {
        var oldest = Trim(Now).AddMinutes(-30);
        await Requests.AddAsync(NewRequest(1, due: oldest));
        await Requests.AddAsync(NewRequest(2, due: Now.AddMinutes(-10)));
        await Requests.AddAsync(NewRequest(3, due: Now.AddHours(1)));
        var withdrawn = (await Requests.AddAsync(NewRequest(4, due: Now.AddMinutes(-40)))).Request;
        await Requests.ChangeAsync(withdrawn.Id, (c, now) => Move(c, now, CancellationRequestState.Withdrawn, r => r with { ClosedAt = Trim(now) }));

        var statistics = await Requests.GetStatisticsAsync();

        Assert.Equal((3L, 1L, 0L), (statistics.Count(CancellationRequestState.Scheduled), statistics.Count(CancellationRequestState.Withdrawn), statistics.Count(CancellationRequestState.Parked)));
        Assert.Equal(oldest, statistics.OldestDueAt);
        Assert.True(statistics.OldestDueAge >= TimeSpan.FromMinutes(29));
    }

    [Fact]
    public async Task A_purge_deletes_only_ended_requests_closed_before_the_cut_off_with_their_history()
    {
        var old = (await Requests.AddAsync(NewRequest(1))).Request;
        var parked = (await Requests.AddAsync(NewRequest(2))).Request;
        var open = (await Requests.AddAsync(NewRequest(3))).Request;
        await Requests.ChangeAsync(old.Id, (c, now) => Move(c, now, CancellationRequestState.Withdrawn, r => r with { ClosedAt = Trim(now).AddDays(-10) }));
        await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(5), 10);
        await Requests.ChangeAsync(parked.Id, (c, now) => Move(c, now, CancellationRequestState.Parked, r => r with { ParkReason = CancellationRequestParkReason.MayHaveBeenProcessed, ClosedAt = null }));

        Assert.Equal(1, await Requests.PurgeAsync(Now.AddDays(-1), 100));

        Assert.Null(await Requests.GetAsync(old.Id));
        Assert.Empty(await Requests.GetHistoryAsync(old.Id));
        Assert.Equal(CancellationRequestParkReason.MayHaveBeenProcessed, (await Requests.GetAsync(parked.Id))!.ParkReason);
        Assert.NotNull(await Requests.GetAsync(open.Id));
        Assert.Equal(0, await Requests.PurgeAsync(Now.AddDays(-1), 100));
    }

    [Fact]
    public async Task The_feeds_give_submissions_by_number_and_every_move_in_the_order_it_was_recorded()
    {
        var first = (await Requests.AddAsync(NewRequest(1))).Request;
        var second = (await Requests.AddAsync(NewRequest(2, kind: CancellationKind.ServiceProblem))).Request;
        await Requests.ChangeAsync(second.Id, (c, now) => Move(c, now, CancellationRequestState.Withdrawn));
        await Requests.ChangeAsync(first.Id, (c, now) => Move(c, now, CancellationRequestState.Sending));
        await Requests.ChangeAsync(first.Id, (c, now) => Move(c, now, CancellationRequestState.Created));

        var added = await Requests.ListAddedAfterAsync(0, 10);
        var afterFirst = await Requests.ListAddedAfterAsync(first.Number, 10);
        var changes = await Requests.ReadChangesAfterAsync(0, 10);
        var rest = await Requests.ReadChangesAfterAsync(changes[0].Position, 1);

        Assert.Equal([first.Id, second.Id], added.Select(r => r.Id));
        Assert.Equal([second.Id], afterFirst.Select(r => r.Id));
        Assert.Equal(
            [(second.Id, CancellationKind.ServiceProblem, CancellationRequestState.Withdrawn), (first.Id, CancellationKind.ServiceOrder, CancellationRequestState.Sending), (first.Id, CancellationKind.ServiceOrder, CancellationRequestState.Created)],
            changes.Select(c => (c.RequestId, c.Kind, c.Entry.To)));
        Assert.True(changes[0].Position < changes[1].Position && changes[1].Position < changes[2].Position);
        Assert.Equal(changes[1], Assert.Single(rest));
        Assert.Equal("test: Created", changes[2].Entry.Cause);
        Assert.Empty(await Requests.ReadChangesAfterAsync(changes[2].Position, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Requests.ReadChangesAfterAsync(0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Requests.ListAddedAfterAsync(0, 0));
    }

    [Fact]
    public async Task A_count_below_one_is_refused_by_claim_unsettled_and_purge()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(1), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Requests.FindUnsettledAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Requests.PurgeAsync(Clock.GetUtcNow(), 0));
    }
}

public sealed class InMemoryCancellationRequestStoreConformance : CancellationRequestStoreConformanceTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider Clock => _clock;

    [Fact]
    public async Task The_in_memory_store_has_no_transaction_to_share()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await Assert.ThrowsAsync<NotSupportedException>(() => Requests.AddInTransactionAsync(NewRequest(), transaction));
    }

    protected override StoreUnderTest CreateStore() => StoreUnderTest.InMemory();

    protected override Task PassAsync(TimeSpan time)
    {
        _clock.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class SqliteCancellationRequestStoreConformance : CancellationRequestStoreConformanceTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider Clock => _clock;

    [Fact]
    public async Task A_request_added_in_the_callers_transaction_exists_only_if_it_commits()
    {
        await Requests.GetStatisticsAsync(); // the schema first
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.SqlitePath}");
        await connection.OpenAsync();
        var rolledBack = NewRequest(1);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Requests.AddInTransactionAsync(rolledBack, transaction);
            await transaction.RollbackAsync();
        }

        var committed = NewRequest(2);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Requests.AddInTransactionAsync(committed, transaction);
            await transaction.CommitAsync();
        }

        Assert.Null(await Requests.GetAsync(rolledBack.Id));
        Assert.Equal(committed.Id, Assert.Single(await Requests.ClaimDueAsync("a", TimeSpan.FromMinutes(1), 10)).Id);
        Assert.Equal(2, (await Requests.GetHistoryAsync(committed.Id)).Count);
    }

    [Fact]
    public async Task A_transaction_on_another_file_is_refused()
    {
        var other = Path.Combine(Path.GetTempPath(), $"fibrecafe-other-{Guid.NewGuid():N}.db");
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={other}");
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();

            var error = await Assert.ThrowsAsync<ArgumentException>(() => Requests.AddInTransactionAsync(NewRequest(), transaction));
            Assert.Contains("not to the store's database", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(other);
        }
    }

    [Fact]
    public async Task A_store_that_has_not_created_its_tables_refuses_to_join_a_transaction_instead_of_waiting_on_it()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.SqlitePath}");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(); // holds the write lock

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Requests.AddInTransactionAsync(NewRequest(), transaction));

        Assert.Contains("not initialized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_left_by_the_previous_process_is_unsettled_as_soon_as_the_file_is_opened_again()
    {
        var request = (await Requests.AddAsync(NewRequest())).Request;
        await Requests.ClaimDueAsync("previous-process", TimeSpan.FromHours(1), 1);
        await using var reopened = StoreUnderTest.ReopenSqlite(Store);

        var unsettled = await reopened.Open(Clock).Requests.FindUnsettledAsync(10);

        Assert.Equal(request.Id, Assert.Single(unsettled).Id);
    }

    protected override StoreUnderTest CreateStore() => StoreUnderTest.Sqlite();

    protected override Task PassAsync(TimeSpan time)
    {
        _clock.Advance(time);
        return Task.CompletedTask;
    }
}

[Collection(FibreCafe.TestSupport.PostgresCollection.Name)]
public sealed class PostgreSqlCancellationRequestStoreConformance(FibreCafe.TestSupport.PostgresFixture postgres) : CancellationRequestStoreConformanceTests
{
    protected override TimeProvider Clock => TimeProvider.System;

    [Fact]
    public async Task A_request_added_in_the_callers_transaction_commits_with_it_and_the_callers_search_path_is_kept()
    {
        await Requests.GetStatisticsAsync();
        var (connectionString, _) = Store.PostgreSqlDatabase!.Value;
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var rolledBack = NewRequest(1);
        var committed = NewRequest(2);
        string? before, after;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            before = await ScalarAsync(connection, transaction, "SHOW search_path;");
            await Requests.AddInTransactionAsync(rolledBack, transaction);
            after = await ScalarAsync(connection, transaction, "SHOW search_path;");
            await transaction.RollbackAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Requests.AddInTransactionAsync(committed, transaction);
            await transaction.CommitAsync();
        }

        Assert.Equal(before, after);
        Assert.Null(await Requests.GetAsync(rolledBack.Id));
        Assert.NotNull(await Requests.GetAsync(committed.Id));
        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        await sqlite.OpenAsync();
        await using var wrong = await sqlite.BeginTransactionAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => Requests.AddInTransactionAsync(NewRequest(3), wrong));
    }

    [Fact]
    public async Task A_transaction_on_another_database_is_refused_without_showing_the_password()
    {
        var (connectionString, _) = Store.PostgreSqlDatabase!.Value;
        var other = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "template1" };
        await using var connection = new Npgsql.NpgsqlConnection(other.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Requests.AddInTransactionAsync(NewRequest(), transaction));

        Assert.Contains("not to the store's database", error.Message, StringComparison.Ordinal);
        if (other.Password is { Length: > 0 } password)
        {
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_instances_claiming_at_once_never_take_one_request_twice_nor_send_two_of_one_order()
    {
        var second = Store.Open(Clock).Requests;
        for (var i = 0; i < 200; i++)
        {
            await Requests.AddAsync(NewRequest(i % 20));
        }

        var taken = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, long Target)>();
        async Task WorkAsync(ICancellationRequestStore store, string owner)
        {
            for (var idle = 0; idle < 20;)
            {
                var claimed = await store.ClaimDueAsync(owner, TimeSpan.FromMinutes(5), 4);
                idle = claimed.Count == 0 ? idle + 1 : 0;
                foreach (var request in claimed)
                {
                    taken.Add((request.Id, request.TargetId));
                    var sendingOfTarget = (await store.FindInFlightAsync(CancellationKind.ServiceOrder, request.TargetId)).Count(r => r.State == CancellationRequestState.Sending);
                    Assert.Equal(1, sendingOfTarget);
                    await store.ChangeAsync(request.Id, (c, now) => Move(c, now, CancellationRequestState.Created, r => r with { CancellationId = r.Number, LeaseOwner = null, LeaseExpiresAt = null }));
                }
            }
        }

        await Task.WhenAll(WorkAsync(Requests, "a"), WorkAsync(second, "b"), WorkAsync(Requests, "c"));

        Assert.Equal(200, taken.Count);
        Assert.Equal(200, taken.Select(t => t.Id).Distinct().Count());
        Assert.Equal(0, (await Requests.GetStatisticsAsync()).Count(CancellationRequestState.Scheduled));
    }

    protected override StoreUnderTest CreateStore() => StoreUnderTest.PostgreSql(postgres);

    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);

    private static async Task<string?> ScalarAsync(Npgsql.NpgsqlConnection connection, DbTransaction transaction, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection, (Npgsql.NpgsqlTransaction)transaction);
        return (string?)await command.ExecuteScalarAsync();
    }
}
