using System.Data.Common;
using System.Globalization;
using System.Text;
using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// The <see cref="ICancellationRequestStore"/> of every relational store. A change reads its row under a lock (PostgreSQL
/// <c>FOR UPDATE</c>; SQLite's one writer excludes every other write anyway), lets the caller's decision and
/// <see cref="CancellationRequestLifecycle.EnsureAllowed"/> judge it, and writes the row whole with its history entry in
/// the same transaction. A claim locks the due rows it takes <c>FOR UPDATE SKIP LOCKED</c>, so instances sharing a
/// PostgreSQL database never take the same request, and a unique index keeps one request sending per target even if
/// two claims race. The store's clock is the database's where the dialect has one (PostgreSQL), else the host's.
/// </summary>
internal sealed class RelationalCancellationRequestStore(IStoreDatabase database, TimeProvider timeProvider) : ICancellationRequestStore
{
    public Task<CancellationRequestAddResult> AddAsync(CancellationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return database.WriteAsync(session => AddAsync(session, request, cancellationToken), cancellationToken);
    }

    public Task<CancellationRequestAddResult> AddInTransactionAsync(CancellationRequest request, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(transaction);
        return database.InTransactionAsync(transaction, session => AddAsync(session, request, cancellationToken), cancellationToken);
    }

    public Task<CancellationRequest?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadOneAsync(CancellationRequestSql.ById + ";", cancellationToken, session => [("@id", session.Dialect.Id(id))]);

    public Task<CancellationRequest?> GetByNumberAsync(long number, CancellationToken cancellationToken = default) =>
        ReadOneAsync(CancellationRequestSql.ByNumber, cancellationToken, _ => [("@number", number)]);

    public Task<CancellationRequest?> GetByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return ReadOneAsync(CancellationRequestSql.ByIdempotencyKey, cancellationToken, _ => [("@key", idempotencyKey)]);
    }

    public Task<CancellationRequest?> GetByCancellationIdAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default) =>
        ReadOneAsync(CancellationRequestSql.ByCancellationId, cancellationToken, session => [("@kind", session.Dialect.Small((int)kind)), ("@cancellationId", cancellationId)]);

    public Task<CancellationRequestPage> ListAsync(CancellationRequestQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return database.ReadAsync(async session =>
        {
            var (where, parameters) = Filter(query, session.Dialect);
            var total = await session.ScalarAsync($"SELECT COUNT(*) FROM cancellation_requests{where};", cancellationToken, [.. parameters]).ConfigureAwait(false);
            parameters.Add(("@limit", query.Limit));
            parameters.Add(("@offset", query.Offset));
            var items = await session.QueryAsync(
                $"SELECT * FROM cancellation_requests{where} ORDER BY number DESC LIMIT @limit OFFSET @offset;", CancellationRequestRows.Read, cancellationToken, [.. parameters]).ConfigureAwait(false);
            return new CancellationRequestPage(items, Convert.ToInt32(total, CultureInfo.InvariantCulture));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<CancellationRequest>> FindInFlightAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CancellationRequest>>(
            async session => await session.QueryAsync(
                CancellationRequestSql.InFlight, CancellationRequestRows.Read, cancellationToken,
                ("@kind", session.Dialect.Small((int)kind)), ("@target", targetId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<CancellationRequestHistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CancellationRequestHistoryEntry>>(async session =>
        {
            var request = (await session.QueryAsync(CancellationRequestSql.ById + ";", CancellationRequestRows.Read, cancellationToken, ("@id", session.Dialect.Id(id))).ConfigureAwait(false)).SingleOrDefault();
            if (request is null)
            {
                return [];
            }

            var moves = await session.QueryAsync(
                CancellationRequestSql.History, CancellationRequestRows.ReadEntry, cancellationToken, ("@number", request.Number)).ConfigureAwait(false);
            return [CancellationRequestMoves.Submitted(request), .. moves];
        }, cancellationToken);

    public async Task<IReadOnlyList<CancellationRequest>> ClaimDueAsync(string owner, TimeSpan leaseDuration, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        try
        {
            return await database.WriteAsync<IReadOnlyList<CancellationRequest>>(async session =>
            {
                var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
                var due = await session.QueryAsync(
                    CancellationRequestSql.Due + session.Dialect.SkipLockedRows + ";", CancellationRequestRows.Read, cancellationToken,
                    ("@now", session.Dialect.Time(now)), ("@max", maxCount)).ConfigureAwait(false);
                var leased = new List<CancellationRequest>(due.Count);
                foreach (var request in due)
                {
                    var update = CancellationRequestMoves.Claim(request, owner, now, leaseDuration);
                    await WriteAsync(session, update, cancellationToken).ConfigureAwait(false);
                    leased.Add(update.Request);
                }

                return leased;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (ex.SqlState == "23505")
        {
            // Two instances raced for one target's requests (ux_cancellation_requests_sending): this claim took nothing;
            // the next one finds the target sending and passes it by.
            return [];
        }
    }

    public Task<IReadOnlyList<CancellationRequest>> FindUnsettledAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.ReadAsync<IReadOnlyList<CancellationRequest>>(async session =>
        {
            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            return await session.QueryAsync(
                CancellationRequestSql.Unsettled, CancellationRequestRows.Read, cancellationToken, ("@now", session.Dialect.Time(now)), ("@max", maxCount)).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<CancellationRequest?> ChangeAsync(Guid id, Func<CancellationRequest, DateTimeOffset, CancellationRequestUpdate?> decide, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return database.WriteAsync(async session =>
        {
            var rows = await session.QueryAsync(
                CancellationRequestSql.ById + session.Dialect.LockRows + ";", CancellationRequestRows.Read, cancellationToken, ("@id", session.Dialect.Id(id))).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return null;
            }

            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            if (decide(rows[0], now) is not { } update)
            {
                return null;
            }

            CancellationRequestLifecycle.EnsureAllowed(rows[0], update.Request);
            await WriteAsync(session, update, cancellationToken).ConfigureAwait(false);
            return update.Request;
        }, cancellationToken);
    }

    public Task<CancellationRequestStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async session =>
        {
            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            var counts = await session.QueryAsync(
                CancellationRequestSql.CountByState, r => ((CancellationRequestState)r.Int("state"), r.Long("n")), cancellationToken).ConfigureAwait(false);
            var oldest = await session.QueryAsync(
                CancellationRequestSql.OldestDue, r => r.TimeOrNull("due"), cancellationToken, ("@now", session.Dialect.Time(now))).ConfigureAwait(false);
            return new CancellationRequestStatistics
            {
                Counts = counts.ToDictionary(c => c.Item1, c => c.Item2),
                OldestDueAt = oldest.SingleOrDefault(),
                MeasuredAt = now,
            };
        }, cancellationToken);

    public Task<IReadOnlyList<CancellationRequest>> ListAddedAfterAsync(long afterNumber, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.ReadAsync<IReadOnlyList<CancellationRequest>>(
            async session => await session.QueryAsync(
                CancellationRequestSql.AddedAfter, CancellationRequestRows.Read, cancellationToken, ("@after", afterNumber), ("@max", maxCount)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<CancellationRequestChange>> ReadChangesAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.ReadAsync<IReadOnlyList<CancellationRequestChange>>(
            async session => await session.QueryAsync(
                CancellationRequestSql.ChangesAfter,
                r => new CancellationRequestChange(r.Long("position"), r.Id("request_id"), (CancellationKind)r.Int("request_kind"), CancellationRequestRows.ReadEntry(r)),
                cancellationToken, ("@after", afterPosition), ("@max", maxCount)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<int> PurgeAsync(DateTimeOffset closedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.WriteAsync(async session =>
        {
            var numbers = await session.QueryAsync(
                CancellationRequestSql.Purgeable + session.Dialect.SkipLockedRows + ";", r => r.Long("number"), cancellationToken,
                ("@before", session.Dialect.Time(closedBefore)), ("@max", maxCount)).ConfigureAwait(false);
            if (numbers.Count == 0)
            {
                return 0;
            }

            var list = string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))); // numbers read from the table, never input
            await session.ExecuteAsync($"DELETE FROM cancellation_request_history WHERE request_number IN ({list});", cancellationToken).ConfigureAwait(false);
            return await session.ExecuteAsync($"DELETE FROM cancellation_requests WHERE number IN ({list});", cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static async Task<CancellationRequestAddResult> AddAsync(StoreSession session, CancellationRequest request, CancellationToken cancellationToken)
    {
        // A replay under a used key is answered from the row without an INSERT: on PostgreSQL an INSERT that conflicts still
        // takes a number, and each such hole makes a reader of the feed of submissions wait for it to fill.
        if (request.IdempotencyKey is { } key
            && (await session.QueryAsync(CancellationRequestSql.ByIdempotencyKey, CancellationRequestRows.Read, cancellationToken, ("@key", key)).ConfigureAwait(false)) is [var stored])
        {
            return new CancellationRequestAddResult(stored, Added: false);
        }

        var parameters = CancellationRequestRows.Parameters(request, session.Dialect);
        var number = await session.ScalarAsync(CancellationRequestSql.Insert, cancellationToken, [("@id", session.Dialect.Id(request.Id)), .. parameters]).ConfigureAwait(false);
        if (number is null)
        {
            var existing = await session.QueryAsync(
                CancellationRequestSql.ByIdempotencyKey, CancellationRequestRows.Read, cancellationToken, ("@key", request.IdempotencyKey)).ConfigureAwait(false);
            return new CancellationRequestAddResult(existing.Single(), Added: false);
        }

        // The submission's history entry is not written: it is made from the row when the history is read (every field it
        // has is on the row), which spares each submission a second insert and its index.
        return new CancellationRequestAddResult(request with { Number = Convert.ToInt64(number, CultureInfo.InvariantCulture) }, Added: true);
    }

    private static async Task WriteAsync(StoreSession session, CancellationRequestUpdate update, CancellationToken cancellationToken)
    {
        var request = update.Request;
        await session.ExecuteAsync(
            CancellationRequestSql.Update, cancellationToken, [("@number", request.Number), .. CancellationRequestRows.Parameters(request, session.Dialect)]).ConfigureAwait(false);
        await session.ExecuteAsync(
            CancellationRequestSql.InsertHistory, cancellationToken, CancellationRequestRows.Parameters(request.Number, update.Entry, session.Dialect)).ConfigureAwait(false);
    }

    private static (string Where, List<(string, object?)> Parameters) Filter(CancellationRequestQuery query, StoreDialect dialect)
    {
        var where = new StringBuilder();
        var parameters = new List<(string, object?)>();
        void And(string condition) => where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(condition);
        if (query.States is { Count: > 0 } states)
        {
            var names = states.Distinct().Select((s, i) => { parameters.Add(($"@s{i}", dialect.Small((int)s))); return $"@s{i}"; }).ToList();
            And($"state IN ({string.Join(", ", names)})");
            if (!states.Contains(CancellationRequestState.Scheduled))
            {
                And("state > 0"); // implied, but SQLite uses the partial index on state only when it is written out
            }
        }

        if (query.Kind is { } kind)
        {
            And("kind = @kind");
            parameters.Add(("@kind", dialect.Small((int)kind)));
        }

        if (query.TargetId is { } target)
        {
            And("target_id = @target");
            parameters.Add(("@target", target));
        }

        if (query.ScheduledFrom is { } from)
        {
            And("scheduled_for >= @from");
            parameters.Add(("@from", dialect.Time(from)));
        }

        if (query.ScheduledBefore is { } before)
        {
            And("scheduled_for < @before");
            parameters.Add(("@before", dialect.Time(before)));
        }

        return (where.ToString(), parameters);
    }

    private async Task<DateTimeOffset> NowAsync(StoreSession session, CancellationToken cancellationToken) =>
        session.Dialect.Precise(session.Dialect.ClockSql is { } clock
            ? session.Dialect.ToTime(await session.ScalarAsync(clock, cancellationToken).ConfigureAwait(false))
            : timeProvider.GetUtcNow());

    private Task<CancellationRequest?> ReadOneAsync(string sql, CancellationToken cancellationToken, Func<StoreSession, (string, object?)[]> parameters) =>
        database.ReadAsync(
            async session => (await session.QueryAsync(sql, CancellationRequestRows.Read, cancellationToken, parameters(session)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);
}
