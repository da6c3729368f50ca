using FibreCafe.Kci;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// The <see cref="IKciInbox"/> on PostgreSQL, shared by every receiver instance. A claim is one transaction
/// in two statements:
/// <list type="number">
/// <item>lock the <c>kci_entity</c> rows of entities whose head (lowest pending sequence number) is due and
/// unclaimed, <c>FOR UPDATE SKIP LOCKED</c>: an entity another instance is claiming right now is skipped;</item>
/// <item>with a snapshot taken after those locks are held, lease each locked entity's head again only when it
/// is still the head, still due and the entity still has no live claim.</item>
/// </list>
/// Claims of one entity are therefore serialized by its row lock, and the second statement sees every claim
/// committed before: an entity never has two live claims, and only its head is ever claimed. The lease
/// update re-checks the row itself (<c>status</c>, lease), so an entry finished concurrently by a dispatcher
/// whose lease had lapsed is not handed out again.
/// </summary>
internal sealed class PostgreSqlKciInbox(PostgreSqlKciDatabase database, TimeProvider timeProvider) : IKciInbox
{
    // A pending entry that is the head of its entity (no earlier pending entry) and whose entity has no live claim.
    private const string ClaimableHead = """
        h.status = 0
        AND NOT EXISTS (SELECT 1 FROM kci_inbox o WHERE o.entity_key = h.entity_key AND o.status = 0
            AND (o.sequence_number, o.position) < (h.sequence_number, h.position))
        """;

    private const string NoLiveClaim = """
        NOT EXISTS (SELECT 1 FROM kci_inbox l WHERE l.entity_key = h.entity_key AND l.status = 0 AND l.lease_expires_at > @now)
        """;

    private const string LockEntities = $"""
        SELECT e.entity_key
        FROM kci_inbox h JOIN kci_entity e ON e.entity_key = h.entity_key
        WHERE {ClaimableHead} AND {NoLiveClaim} AND h.next_attempt_at <= @now
        ORDER BY h.position
        LIMIT @max
        FOR UPDATE OF e SKIP LOCKED;
        """;

    private const string LeaseHeads = $"""
        UPDATE kci_inbox i SET lease_id = gen_random_uuid(), lease_expires_at = @until
        FROM (SELECT h.position FROM kci_inbox h
              WHERE h.entity_key = ANY(@keys) AND {ClaimableHead} AND {NoLiveClaim} AND h.next_attempt_at <= @now) c
        WHERE i.position = c.position AND i.status = 0 AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= @now)
        RETURNING i.*;
        """;

    public Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var inserted = await connection.ExecuteAsync(
                """
                WITH entity AS (INSERT INTO kci_entity (entity_key) VALUES (@key) ON CONFLICT DO NOTHING)
                INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                                       request_id, conversation_id, body, status, attempts, next_attempt_at)
                VALUES (@id, @key, @seq, @entityType, @updateType, @supplier, @deliveredOn, @receivedAt, @requestId, @conversationId, @body, 0, 0, @next)
                ON CONFLICT (kci_id) DO NOTHING;
                """,
                transaction,
                cancellationToken,
                ("id", entry.KciId),
                ("key", entry.EntityKey),
                ("seq", entry.SequenceNumber),
                ("entityType", entry.EntityType.Value),
                ("updateType", entry.UpdateType.Value),
                ("supplier", entry.Supplier),
                ("deliveredOn", entry.DeliveredOn.Utc()),
                ("receivedAt", entry.ReceivedAt.Utc()),
                ("requestId", entry.RequestId),
                ("conversationId", entry.ConversationId),
                ("body", entry.Body.ToArray()),
                ("next", (entry.NextAttemptAt ?? entry.ReceivedAt).Utc())).ConfigureAwait(false);
            return inserted == 1 ? KciInboxAddResult.Added : KciInboxAddResult.Duplicate;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
        {
            return Task.FromResult<IReadOnlyList<KciInboxEntry>>([]);
        }

        var now = timeProvider.GetUtcNow().Utc();
        return database.WriteAsync<IReadOnlyList<KciInboxEntry>>(async (connection, transaction) =>
        {
            var entities = await connection.QueryAsync(
                LockEntities, transaction, r => r.GetString(0), cancellationToken, ("now", now), ("max", maxCount)).ConfigureAwait(false);
            if (entities.Count == 0)
            {
                return [];
            }

            // A new statement, so a new snapshot: it sees every claim committed before the locks were granted.
            var leased = await connection.QueryAsync(
                LeaseHeads, transaction, r => (Position: r.GetInt64(r.GetOrdinal("position")), Entry: PostgreSqlInboxRows.Read(r)), cancellationToken,
                ("keys", entities.ToArray()), ("now", now), ("until", now + leaseDuration)).ConfigureAwait(false);
            return leased.OrderBy(l => l.Position).Select(l => l.Entry).ToList();
        }, cancellationToken);
    }

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().Utc();
        return database.ReadAsync(async connection =>
        {
            // A head is due at its next attempt, unless its entity is claimed: then when the claim lapses.
            var next = await connection.ScalarAsync(
                $"""
                SELECT MIN(COALESCE(
                    (SELECT MAX(l.lease_expires_at) FROM kci_inbox l WHERE l.entity_key = h.entity_key AND l.status = 0 AND l.lease_expires_at > @now),
                    h.next_attempt_at))
                FROM kci_inbox h WHERE {ClaimableHead};
                """,
                null, cancellationToken, ("now", now)).ConfigureAwait(false);
            return next is DateTime utc ? new DateTimeOffset(utc, TimeSpan.Zero) : (DateTimeOffset?)null;
        }, cancellationToken);
    }

    public Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await UpdateClaimedAsync(
                connection, transaction, claimed, "status = 1, completed_at = @now, next_attempt_at = NULL", cancellationToken).ConfigureAwait(false);
            if (updated && entityState is not null)
            {
                // The WHERE of the upsert is what keeps a stale KCI from moving the state back.
                await connection.ExecuteAsync(
                    """
                    INSERT INTO kci_entity_state (entity_key, sequence_number, kci_id, status, updated_at) VALUES (@key, @seq, @kci, @status, @at)
                    ON CONFLICT (entity_key) DO UPDATE SET sequence_number = excluded.sequence_number, kci_id = excluded.kci_id,
                        status = excluded.status, updated_at = excluded.updated_at
                    WHERE excluded.sequence_number > kci_entity_state.sequence_number;
                    """,
                    transaction, cancellationToken,
                    ("key", entityState.EntityKey), ("seq", entityState.SequenceNumber), ("kci", entityState.KciId),
                    ("status", entityState.Status), ("at", entityState.UpdatedAt.Utc())).ConfigureAwait(false);
            }

            return updated;
        }, cancellationToken);
    }

    public Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var set = retryAt is null
            ? "attempts = attempts + 1, last_error = @error, status = 2, next_attempt_at = NULL, completed_at = @now"
            : "attempts = attempts + 1, last_error = @error, next_attempt_at = @retryAt";
        return database.WriteAsync(
            (connection, transaction) => UpdateClaimedAsync(connection, transaction, claimed, set, cancellationToken, ("error", error), ("retryAt", retryAt.Utc())),
            cancellationToken);
    }

    public Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return database.WriteAsync(
            (connection, transaction) => UpdateClaimedAsync(connection, transaction, claimed, "attempts = attempts", cancellationToken),
            cancellationToken);
    }

    public Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                """
                UPDATE kci_inbox SET status = 0, attempts = 0, next_attempt_at = @now, completed_at = NULL, lease_id = NULL, lease_expires_at = NULL
                WHERE kci_id = @id AND status = 2;
                """,
                transaction, cancellationToken, ("now", timeProvider.GetUtcNow().Utc()), ("id", kciId)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection => (await connection.QueryAsync(
                "SELECT * FROM kci_inbox WHERE kci_id = @id;", null, PostgreSqlInboxRows.Read, cancellationToken, ("id", kciId)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<KciInboxEntry>>(
            async connection => await connection.QueryAsync(
                "SELECT * FROM kci_inbox WHERE status = @status ORDER BY position LIMIT @max;",
                null, PostgreSqlInboxRows.Read, cancellationToken, ("status", (short)status), ("max", maxCount)).ConfigureAwait(false),
            cancellationToken);

    public Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection => (await connection.QueryAsync(
                "SELECT * FROM kci_entity_state WHERE entity_key = @key;", null, PostgreSqlInboxRows.ReadState, cancellationToken, ("key", entityKey)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    public Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                var counts = await connection.QueryAsync(
                    "SELECT status, COUNT(*) FROM kci_inbox GROUP BY status;", null, r => (Status: r.GetInt16(0), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
                long Count(KciInboxStatus s) => counts.Where(c => c.Status == (short)s).Sum(c => c.Count);
                return new KciInboxStatistics(Count(KciInboxStatus.Pending), Count(KciInboxStatus.Parked), Count(KciInboxStatus.Done));
            },
            cancellationToken);

    // Changes a claimed entry only while the claim is still ours; always ends the claim.
    private async Task<bool> UpdateClaimedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, KciInboxEntry claimed, string set, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        if (claimed.LeaseId is not { } lease)
        {
            return false;
        }

        (string, object?)[] all = [("id", claimed.KciId), ("lease", lease), ("now", timeProvider.GetUtcNow().Utc()), .. parameters];
        return await connection.ExecuteAsync(
            $"UPDATE kci_inbox SET {set}, lease_id = NULL, lease_expires_at = NULL WHERE kci_id = @id AND lease_id = @lease AND status = 0;",
            transaction, cancellationToken, all).ConfigureAwait(false) == 1;
    }
}
