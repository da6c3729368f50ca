using FibreCafe.Kci;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// The <see cref="IKciInbox"/> on SQLite. Every write goes through the store's one writer
/// (<see cref="SqliteWriter"/>): concurrent inserts, claims and completions share commits, and a claim reads and
/// leases its heads inside the writer's transaction, so no other write interleaves.
/// </summary>
internal sealed class SqliteKciInbox(SqliteKciDatabase database, TimeProvider timeProvider) : IKciInbox
{
    // A pending entry that is the head of its entity (no earlier pending entry) and whose entity has no live claim.
    // The subqueries name the partial index of pending rows: without statistics SQLite would otherwise pick
    // ix_kci_inbox_status and scan every pending row per candidate, making claims slow under a backlog
    // (measured: 56 ms with 7,000 pending, held under the write lock) and GetNextDueAsync quadratic (15 s).
    private const string ClaimableHead = """
        i.status = 0
        AND NOT EXISTS (SELECT 1 FROM kci_inbox o INDEXED BY ix_kci_inbox_pending WHERE o.entity_key = i.entity_key AND o.status = 0
            AND (o.sequence_number < i.sequence_number OR (o.sequence_number = i.sequence_number AND o.position < i.position)))
        """;

    private const string NoLiveClaim = """
        NOT EXISTS (SELECT 1 FROM kci_inbox l INDEXED BY ix_kci_inbox_pending WHERE l.entity_key = i.entity_key AND l.status = 0 AND l.lease_expires_at > $now)
        """;

    private const string ClaimSql =
        $"SELECT i.* FROM kci_inbox i WHERE {ClaimableHead} AND {NoLiveClaim} AND i.next_attempt_at <= $now ORDER BY i.position LIMIT $max;";

    public Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(session => InsertAsync(session, entry), cancellationToken);
    }

    private static async Task<KciInboxAddResult> InsertAsync(SqliteSession session, KciInboxEntry entry)
    {
        var inserted = await session.ExecuteAsync(
            """
            INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                                   request_id, conversation_id, body, status, attempts, next_attempt_at)
            VALUES ($id, $key, $seq, $entityType, $updateType, $supplier, $deliveredOn, $receivedAt, $requestId, $conversationId, $body, 0, 0, $next)
            ON CONFLICT (kci_id) DO NOTHING;
            """,
            CancellationToken.None,
            ("$id", SqliteValues.Id(entry.KciId)),
            ("$key", entry.EntityKey),
            ("$seq", entry.SequenceNumber),
            ("$entityType", entry.EntityType.Value),
            ("$updateType", entry.UpdateType.Value),
            ("$supplier", entry.Supplier),
            ("$deliveredOn", entry.DeliveredOn.ToUnixMs()),
            ("$receivedAt", entry.ReceivedAt.ToUnixMs()),
            ("$requestId", entry.RequestId),
            ("$conversationId", entry.ConversationId),
            ("$body", entry.Body.ToArray()),
            ("$next", (entry.NextAttemptAt ?? entry.ReceivedAt).ToUnixMs())).ConfigureAwait(false);
        return inserted == 1 ? KciInboxAddResult.Added : KciInboxAddResult.Duplicate;
    }

    public Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        return database.WriteAsync<IReadOnlyList<KciInboxEntry>>(async session =>
        {
            var heads = await session.QueryAsync(
                ClaimSql, SqliteInboxRows.Read, cancellationToken, ("$now", now.ToUnixMs()), ("$max", maxCount)).ConfigureAwait(false);
            var claimed = new List<KciInboxEntry>(heads.Count);
            foreach (var head in heads)
            {
                var leased = head with { LeaseId = Guid.NewGuid(), LeaseExpiresAt = now + leaseDuration };
                await session.ExecuteAsync(
                    "UPDATE kci_inbox SET lease_id = $lease, lease_expires_at = $until WHERE kci_id = $id;",
                    cancellationToken, ("$lease", SqliteValues.Id(leased.LeaseId!.Value)), ("$until", leased.LeaseExpiresAt.ToUnixMs()), ("$id", SqliteValues.Id(head.KciId))).ConfigureAwait(false);
                claimed.Add(leased);
            }

            return claimed;
        }, cancellationToken);
    }

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        return database.ReadAsync(async session =>
        {
            // A head is due at its next attempt, unless its entity is claimed: then when the claim lapses.
            var next = await session.ScalarAsync(
                $"""
                SELECT MIN(COALESCE(
                    (SELECT MAX(l.lease_expires_at) FROM kci_inbox l INDEXED BY ix_kci_inbox_pending WHERE l.entity_key = i.entity_key AND l.status = 0 AND l.lease_expires_at > $now),
                    i.next_attempt_at))
                FROM kci_inbox i WHERE {ClaimableHead};
                """,
                cancellationToken, ("$now", now.ToUnixMs())).ConfigureAwait(false);
            return next is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        }, cancellationToken);
    }

    public Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return database.WriteAsync(async session =>
        {
            var updated = await UpdateClaimedAsync(
                session, claimed, "status = 1, completed_at = $now, next_attempt_at = NULL", cancellationToken).ConfigureAwait(false);
            if (updated && entityState is not null)
            {
                // The WHERE of the upsert is what keeps a stale KCI from moving the state back.
                await session.ExecuteAsync(
                    """
                    INSERT INTO kci_entity_state (entity_key, sequence_number, kci_id, status, updated_at) VALUES ($key, $seq, $kci, $status, $at)
                    ON CONFLICT (entity_key) DO UPDATE SET sequence_number = excluded.sequence_number, kci_id = excluded.kci_id,
                        status = excluded.status, updated_at = excluded.updated_at
                    WHERE excluded.sequence_number > kci_entity_state.sequence_number;
                    """,
                    cancellationToken,
                    ("$key", entityState.EntityKey), ("$seq", entityState.SequenceNumber), ("$kci", SqliteValues.Id(entityState.KciId)),
                    ("$status", entityState.Status), ("$at", entityState.UpdatedAt.ToUnixMs())).ConfigureAwait(false);
            }

            return updated;
        }, cancellationToken);
    }

    public Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var set = retryAt is null
            ? "attempts = attempts + 1, last_error = $error, status = 2, next_attempt_at = NULL, completed_at = $now"
            : "attempts = attempts + 1, last_error = $error, next_attempt_at = $retryAt";
        return database.WriteAsync(
            session => UpdateClaimedAsync(session, claimed, set, cancellationToken, ("$error", error), ("$retryAt", retryAt.ToUnixMs())),
            cancellationToken);
    }

    public Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return database.WriteAsync(
            session => UpdateClaimedAsync(session, claimed, "attempts = attempts", cancellationToken),
            cancellationToken);
    }

    public Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async session => await session.ExecuteAsync(
                "UPDATE kci_inbox SET status = 0, attempts = 0, next_attempt_at = $now, completed_at = NULL WHERE kci_id = $id AND status = 2;",
                cancellationToken, ("$now", timeProvider.GetUtcNow().ToUnixMs()), ("$id", SqliteValues.Id(kciId))).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session => (await session.QueryAsync(
                "SELECT * FROM kci_inbox WHERE kci_id = $id;", SqliteInboxRows.Read, cancellationToken, ("$id", SqliteValues.Id(kciId))).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<KciInboxEntry>>(
            async session => await session.QueryAsync(
                "SELECT * FROM kci_inbox WHERE status = $status ORDER BY position LIMIT $max;",
                SqliteInboxRows.Read, cancellationToken, ("$status", (int)status), ("$max", maxCount)).ConfigureAwait(false),
            cancellationToken);

    public Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session => (await session.QueryAsync(
                "SELECT * FROM kci_entity_state WHERE entity_key = $key;", SqliteInboxRows.ReadState, cancellationToken, ("$key", entityKey)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    public Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session =>
            {
                var counts = await session.QueryAsync(
                    "SELECT status, COUNT(*) AS n FROM kci_inbox GROUP BY status;", r => (Status: r.GetInt32(0), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
                long Count(KciInboxStatus s) => counts.Where(c => c.Status == (int)s).Sum(c => c.Count);
                return new KciInboxStatistics(Count(KciInboxStatus.Pending), Count(KciInboxStatus.Parked), Count(KciInboxStatus.Done));
            },
            cancellationToken);

    // Changes a claimed entry only while the claim is still ours; always ends the claim.
    private async Task<bool> UpdateClaimedAsync(
        SqliteSession session, KciInboxEntry claimed, string set, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        if (claimed.LeaseId is not { } lease)
        {
            return false;
        }

        (string, object?)[] all = [("$id", SqliteValues.Id(claimed.KciId)), ("$lease", SqliteValues.Id(lease)), ("$now", timeProvider.GetUtcNow().ToUnixMs()), .. parameters];
        return await session.ExecuteAsync(
            $"UPDATE kci_inbox SET {set}, lease_id = NULL, lease_expires_at = NULL WHERE kci_id = $id AND lease_id = $lease AND status = 0;",
            cancellationToken, all).ConfigureAwait(false) == 1;
    }
}
