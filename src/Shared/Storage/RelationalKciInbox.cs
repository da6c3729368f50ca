using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// The <see cref="IKciInbox"/> of every relational store; a dialect gives its own SQL (<see cref="InboxSql"/>). Every
/// change of a claimed entry checks that the claim is still the caller's and ends it. A claim leases only an entity's
/// head, never two entries of one entity at once, in one of two ways:
/// <list type="bullet">
/// <item>an exclusive writer (SQLite) reads the due heads and leases them one by one: no other write interleaves;</item>
/// <item>concurrent writers (PostgreSQL) first find due heads and lock their entity rows <c>FOR UPDATE SKIP LOCKED</c> (an
/// entity another receiver is claiming is skipped), then, in a new statement whose snapshot sees every claim committed
/// before those locks were granted, lease each of those heads by position only if it still is the head, due and unclaimed.</item>
/// </list>
/// </summary>
internal abstract class RelationalKciInbox(IStoreDatabase database, TimeProvider timeProvider, InboxSql sql) : IKciInbox
{
    private const string UpsertEntityState = """
        INSERT INTO kci_entity_state (entity_key, sequence_number, kci_id, status, updated_at) VALUES (@key, @seq, @kci, @status, @at)
        ON CONFLICT (entity_key) DO UPDATE SET sequence_number = excluded.sequence_number, kci_id = excluded.kci_id,
            status = excluded.status, updated_at = excluded.updated_at
        WHERE excluded.sequence_number > kci_entity_state.sequence_number;
        """;

    private const string Replay = $"""
        UPDATE kci_inbox SET status = {InboxStatusSql.Pending}, attempts = 0, next_attempt_at = @now, completed_at = NULL, produced_events = NULL,
            lease_id = NULL, lease_expires_at = NULL
        WHERE kci_id = @id AND status = {InboxStatusSql.Parked};
        """;

    // A change of a claimed entry: it applies only while the claim is still the caller's, and always ends the claim.
    // Whole statements, so that no SQL text is built per call on the dispatcher's path.
    private const string OfOwnClaim = $"lease_id = NULL, lease_expires_at = NULL WHERE kci_id = @id AND lease_id = @lease AND status = {InboxStatusSql.Pending};";
    private const string Finish = $"UPDATE kci_inbox SET status = {InboxStatusSql.Done}, completed_at = @now, next_attempt_at = NULL, produced_events = @events, {OfOwnClaim}";
    private const string Park =
        $"UPDATE kci_inbox SET attempts = attempts + 1, last_error = @error, status = {InboxStatusSql.Parked}, next_attempt_at = NULL, completed_at = @now, {OfOwnClaim}";
    private const string Retry = $"UPDATE kci_inbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @retryAt, {OfOwnClaim}";
    private const string Release = $"UPDATE kci_inbox SET {OfOwnClaim}";

    /// <summary>The pending rows only, a range of the status index: what a backlog costs, not the whole inbox (public for the plan tests).</summary>
    public const string PendingCount = $"SELECT COUNT(*) FROM kci_inbox WHERE status = {InboxStatusSql.Pending};";

    /// <summary>The parked rows only, a range of the status index (public for the plan tests).</summary>
    public const string ParkedCount = $"SELECT COUNT(*) FROM kci_inbox WHERE status = {InboxStatusSql.Parked};";

    /// <summary>
    /// The pending rows only, found by the status index: what a backlog costs, not the whole inbox (public for the plan
    /// tests). GROUP BY keeps PostgreSQL from answering MIN from ix_kci_inbox_received, walking it from the oldest KCI
    /// and filtering out every done one, all received earlier (505 ms with 1,000,000 done KCIs, measured); it never
    /// does that for a grouped query. No pending row: no group, so no row.
    /// </summary>
    public const string OldestPending = $"SELECT MIN(received_at) AS oldest FROM kci_inbox WHERE status = {InboxStatusSql.Pending} GROUP BY status;";


    public Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(
            async session => await session.ExecuteAsync(sql.Insert, CancellationToken.None, InboxRows.Insert(entry, session.Dialect)).ConfigureAwait(false) == 1
                ? KciInboxAddResult.Added
                : KciInboxAddResult.Duplicate,
            cancellationToken);
    }

    public Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
        {
            return Task.FromResult<IReadOnlyList<KciInboxEntry>>([]);
        }

        var now = timeProvider.GetUtcNow();
        var until = now + leaseDuration;
        return database.WriteAsync(
            session => sql.ExclusiveWriter
                ? ClaimAsExclusiveWriterAsync(session, now, until, maxCount, cancellationToken)
                : ClaimWithEntityLocksAsync(session, now, until, maxCount, cancellationToken),
            cancellationToken);
    }

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        return database.ReadAsync(
            async session => (await session.QueryAsync(sql.NextDue, r => r.TimeOrNull("next_due"), cancellationToken, ("@now", session.Dialect.Time(now))).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);
    }

    public Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return database.WriteAsync(async session =>
        {
            var updated = await UpdateClaimedAsync(session, claimed, Finish, cancellationToken, ("@events", InboxRows.Events(claimed.ProducedEvents))).ConfigureAwait(false);
            if (updated && entityState is not null)
            {
                // The WHERE of the upsert is what keeps a stale KCI from moving the state back.
                var d = session.Dialect;
                await session.ExecuteAsync(
                    UpsertEntityState, cancellationToken,
                    ("@key", entityState.EntityKey), ("@seq", entityState.SequenceNumber), ("@kci", d.Id(entityState.KciId)),
                    ("@status", entityState.Status), ("@at", d.Time(entityState.UpdatedAt))).ConfigureAwait(false);
            }

            return updated;
        }, cancellationToken);
    }

    public Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return database.WriteAsync(
            session => UpdateClaimedAsync(session, claimed, retryAt is null ? Park : Retry, cancellationToken, ("@error", error), ("@retryAt", session.Dialect.Time(retryAt))),
            cancellationToken);
    }

    public Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return database.WriteAsync(session => UpdateClaimedAsync(session, claimed, Release, cancellationToken), cancellationToken);
    }

    public Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async session => await session.ExecuteAsync(
                Replay, cancellationToken, ("@now", session.Dialect.Time(timeProvider.GetUtcNow())), ("@id", session.Dialect.Id(kciId))).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session => (await session.QueryAsync(
                "SELECT * FROM kci_inbox WHERE kci_id = @id;", InboxRows.Read, cancellationToken, ("@id", session.Dialect.Id(kciId))).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<KciInboxEntry>>(
            async session => await session.QueryAsync(
                "SELECT * FROM kci_inbox WHERE status = @status ORDER BY position LIMIT @max;",
                InboxRows.Read, cancellationToken, ("@status", session.Dialect.Small((int)status)), ("@max", maxCount)).ConfigureAwait(false),
            cancellationToken);

    public Task<KciInboxPage> SearchAsync(KciInboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return database.ReadAsync(async session =>
        {
            var (where, parameters) = InboxSearch.Filter(query, session.Dialect, sql);
            var items = await session.QueryAsync(
                InboxSearch.Page(where), InboxRows.Read, cancellationToken, [.. parameters, ("@limit", query.Limit), ("@offset", query.Offset)]).ConfigureAwait(false);
            var total = await session.ScalarAsync(InboxSearch.Count(where), cancellationToken, parameters).ConfigureAwait(false);
            return new KciInboxPage(items, Convert.ToInt32(total, System.Globalization.CultureInfo.InvariantCulture));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<long>> CountReceivedByHourAsync(DateTimeOffset from, int hours, CancellationToken cancellationToken = default)
    {
        // PageBounds.ValidateHours is internal to FibreCafe.Kci: the same check and message.
        if (hours < 1 || hours > IKciInbox.MaxHistogramHours)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, $"hours must be from 1 to {IKciInbox.MaxHistogramHours}.");
        }

        return database.ReadAsync<IReadOnlyList<long>>(async session =>
        {
            var d = session.Dialect;
            var rows = await session.QueryAsync(
                sql.ReceivedByHour, r => (Hour: r.Int("hour"), Count: r.Long("n")), cancellationToken,
                ("@from", d.Time(from)), ("@until", d.Time(from.AddHours(hours)))).ConfigureAwait(false);
            var counts = new long[hours];
            foreach (var (hour, count) in rows)
            {
                counts[hour] = count;
            }

            return counts;
        }, cancellationToken);
    }

    public Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session => (await session.QueryAsync(
                "SELECT * FROM kci_entity_state WHERE entity_key = @key;", InboxRows.ReadState, cancellationToken, ("@key", entityKey)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    // substr, not LIKE: '_' in the types is a LIKE wildcard, and SQLite's LIKE ignores case. A scan of the entity
    // states; ordered by the update time, then the key, so that pages do not overlap.
    public Task<KciEntityStatePage> ListEntityStatesAsync(KciEntityStateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var prefixes = query.EntityTypes.Select(t => t + ":").ToList();
        var where = string.Join(" OR ", prefixes.Select((p, i) => $"substr(entity_key, 1, {p.Length}) = @type{i}"));
        var parameters = prefixes.Select((p, i) => ($"@type{i}", (object?)p)).ToList();
        return database.ReadAsync(async session =>
        {
            var items = await session.QueryAsync(
                $"SELECT * FROM kci_entity_state WHERE {where} ORDER BY updated_at DESC, entity_key LIMIT @limit OFFSET @offset;",
                InboxRows.ReadState, cancellationToken, [.. parameters, ("@limit", query.Limit), ("@offset", query.Offset)]).ConfigureAwait(false);
            var total = Convert.ToInt32(await session.ScalarAsync($"SELECT COUNT(*) FROM kci_entity_state WHERE {where};", cancellationToken, [.. parameters]).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            return new KciEntityStatePage(items, total);
        }, cancellationToken);
    }

    public Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session =>
            {
                var counts = await session.QueryAsync(
                    "SELECT status, COUNT(*) AS n FROM kci_inbox GROUP BY status;", r => (Status: r.Int("status"), Count: r.Long("n")), cancellationToken).ConfigureAwait(false);
                long Count(KciInboxStatus s) => counts.Where(c => c.Status == (int)s).Sum(c => c.Count);
                var oldest = await session.QueryAsync(OldestPending, r => r.TimeOrNull("oldest"), cancellationToken).ConfigureAwait(false);
                return new KciInboxStatistics(Count(KciInboxStatus.Pending), Count(KciInboxStatus.Parked), Count(KciInboxStatus.Done))
                {
                    OldestPendingReceivedAt = oldest.SingleOrDefault(),
                };
            },
            cancellationToken);

    public Task<KciInboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session =>
            {
                var pending = await session.ScalarAsync(PendingCount, cancellationToken).ConfigureAwait(false);
                var parked = await session.ScalarAsync(ParkedCount, cancellationToken).ConfigureAwait(false);
                var oldest = await session.QueryAsync(OldestPending, r => r.TimeOrNull("oldest"), cancellationToken).ConfigureAwait(false);
                return new KciInboxBacklog(Convert.ToInt64(pending, System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(parked, System.Globalization.CultureInfo.InvariantCulture))
                {
                    OldestPendingReceivedAt = oldest.SingleOrDefault(),
                };
            },
            cancellationToken);

    private async Task<IReadOnlyList<KciInboxEntry>> ClaimAsExclusiveWriterAsync(
        StoreSession session, DateTimeOffset now, DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var heads = await session.QueryAsync(sql.ClaimHeads, InboxRows.Read, cancellationToken, ("@now", d.Time(now)), ("@max", maxCount)).ConfigureAwait(false);
        var claimed = new List<KciInboxEntry>(heads.Count);
        foreach (var head in heads)
        {
            var leased = head with { LeaseId = Guid.NewGuid(), LeaseExpiresAt = until };
            await session.ExecuteAsync(
                sql.Lease, cancellationToken, ("@lease", d.Id(leased.LeaseId)), ("@until", d.Time(until)), ("@id", d.Id(head.KciId))).ConfigureAwait(false);
            claimed.Add(leased);
        }

        return claimed;
    }

    private async Task<IReadOnlyList<KciInboxEntry>> ClaimWithEntityLocksAsync(
        StoreSession session, DateTimeOffset now, DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var heads = await session.QueryAsync(sql.ClaimHeads, r => r.Long("position"), cancellationToken, ("@now", d.Time(now)), ("@max", maxCount)).ConfigureAwait(false);
        if (heads.Count == 0)
        {
            return [];
        }

        var leased = await session.QueryAsync(
            sql.Lease, r => (Position: r.Long("position"), Entry: InboxRows.Read(r)), cancellationToken,
            ("@positions", heads.ToArray()), ("@now", d.Time(now)), ("@until", d.Time(until))).ConfigureAwait(false);
        return leased.OrderBy(l => l.Position).Select(l => l.Entry).ToList();
    }

    // Runs one of the claimed-entry statements above; false when the claim is no longer the caller's.
    private async Task<bool> UpdateClaimedAsync(
        StoreSession session, KciInboxEntry claimed, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        if (claimed.LeaseId is not { } lease)
        {
            return false;
        }

        var d = session.Dialect;
        (string, object?)[] all = [("@id", d.Id(claimed.KciId)), ("@lease", d.Id(lease)), ("@now", d.Time(timeProvider.GetUtcNow())), .. parameters];
        return await session.ExecuteAsync(sql, cancellationToken, all).ConfigureAwait(false) == 1;
    }
}
