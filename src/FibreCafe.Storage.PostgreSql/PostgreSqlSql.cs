namespace FibreCafe.Storage.PostgreSql;

/// <summary>The SQL of the PostgreSQL store that differs from SQLite's; what both write alike is in the shared repositories.</summary>
internal static class PostgreSqlSql
{
    // A pending entry that is the head of its entity (no earlier pending entry) and whose entity has no live claim.
    private const string ClaimableHead = $"""
        h.status = {InboxStatusSql.Pending}
        AND NOT EXISTS (SELECT 1 FROM kci_inbox o WHERE o.entity_key = h.entity_key AND o.status = {InboxStatusSql.Pending}
            AND (o.sequence_number, o.position) < (h.sequence_number, h.position))
        """;

    // OFFSET 0 keeps this a lookup per head (ix_kci_inbox_pending by entity_key) instead of an anti-join: the planner,
    // seeing lease_expires_at nearly always null, would otherwise read every pending row once to build the join's
    // other side (13 ms per claim with 10,000 pending, measured). The heads a claim looks at are few (LIMIT @max).
    private const string NoLiveClaim = $"""
        NOT EXISTS (SELECT 1 FROM kci_inbox l WHERE l.entity_key = h.entity_key AND l.status = {InboxStatusSql.Pending} AND l.lease_expires_at > @now OFFSET 0)
        """;

    public static readonly InboxSql Inbox = new(
        InboxInsert, InboxNextDue, InboxLockEntities, InboxLeaseHeads, ExclusiveWriter: false, InboxKeyPrefix, InboxReceivedByHour);

    /// <summary>Also records the entity, whose row a claim locks.</summary>
    private const string InboxInsert = """
        WITH entity AS (INSERT INTO kci_entity (entity_key) VALUES (@key) ON CONFLICT DO NOTHING)
        INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                               request_id, conversation_id, body, status, attempts, next_attempt_at)
        VALUES (@id, @key, @seq, @entityType, @updateType, @supplier, @deliveredOn, @receivedAt, @requestId, @conversationId, @body, 0, 0, @next)
        ON CONFLICT (kci_id) DO NOTHING;
        """;

    private const string InboxNextDue = $"""
        SELECT MIN(COALESCE(
            (SELECT MAX(l.lease_expires_at) FROM kci_inbox l WHERE l.entity_key = h.entity_key AND l.status = {InboxStatusSql.Pending} AND l.lease_expires_at > @now),
            h.next_attempt_at)) AS next_due
        FROM kci_inbox h WHERE {ClaimableHead};
        """;

    /// <summary>Step 1 of a claim: lock the entity rows of due, unclaimed heads; an entity another receiver is claiming is skipped.</summary>
    private const string InboxLockEntities = $"""
        SELECT e.entity_key
        FROM kci_inbox h JOIN kci_entity e ON e.entity_key = h.entity_key
        WHERE {ClaimableHead} AND {NoLiveClaim} AND h.next_attempt_at <= @now
        ORDER BY h.position
        LIMIT @max
        FOR UPDATE OF e SKIP LOCKED;
        """;

    /// <summary>
    /// Step 2: lease each locked entity's head again only if it still is the head, still due and still unclaimed. The
    /// head is each entity's first pending row in dispatch order (DISTINCT ON over ix_kci_inbox_pending), the same row
    /// <see cref="ClaimableHead"/> describes, found without testing every pending row of the entity for an earlier
    /// one (with 10 pending per entity that test was 320 probes for 32 entities, 4.5 ms per claim, measured).
    /// </summary>
    private const string InboxLeaseHeads = $"""
        UPDATE kci_inbox i SET lease_id = gen_random_uuid(), lease_expires_at = @until
        FROM (SELECT DISTINCT ON (h.entity_key) h.position, h.entity_key, h.next_attempt_at FROM kci_inbox h
              WHERE h.entity_key = ANY(@keys) AND h.status = {InboxStatusSql.Pending}
              ORDER BY h.entity_key, h.sequence_number, h.position) c
        WHERE i.position = c.position AND c.next_attempt_at <= @now
          AND NOT EXISTS (SELECT 1 FROM kci_inbox l WHERE l.entity_key = c.entity_key AND l.status = {InboxStatusSql.Pending} AND l.lease_expires_at > @now OFFSET 0)
          AND i.status = {InboxStatusSql.Pending} AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= @now)
        RETURNING i.*;
        """;

    /// <summary>Bytewise (COLLATE "C"): in the database's collation, often a linguistic one, the range would not be exactly the prefix.</summary>
    private const string InboxKeyPrefix = """entity_key COLLATE "C" >= @prefix AND entity_key COLLATE "C" < @prefixEnd""";

    /// <summary>The hour from the instants' epoch seconds, as SQLite's from its milliseconds: the same buckets in both stores.</summary>
    private const string InboxReceivedByHour = """
        SELECT floor((extract(epoch FROM received_at) - extract(epoch FROM @from)) / 3600)::integer AS hour, COUNT(*) AS n FROM kci_inbox
        WHERE received_at >= @from AND received_at < @until GROUP BY 1;
        """;

    public static readonly RetentionSql Retention = new(Delete: RetentionDeleteBatch, EntityStateDelete: RetentionDeleteEntities);

    /// <summary>
    /// A quiet entity's state and its kci_entity row, the one a claim locks. A KCI's intake records that row with
    /// ON CONFLICT DO NOTHING, which takes no row lock: a delete could see no pending KCI of the entity while an intake
    /// that found the row is still to commit, and that KCI would then have no row to lock and never be claimed. The
    /// table lock waits for every intake in progress (each holds ROW EXCLUSIVE) and holds new ones back for this one
    /// statement, so the delete's snapshot sees every KCI received; claims (ROW SHARE) are not held back. Once per page
    /// of states at most, and only on a page that has a quiet one.
    /// </summary>
    private const string RetentionDeleteEntities = $"""
        LOCK TABLE kci_entity IN SHARE ROW EXCLUSIVE MODE;
        WITH quiet AS (DELETE FROM kci_entity_state WHERE {RetentionSql.EntityPageRange} AND {RetentionSql.QuietEntity} RETURNING entity_key)
        DELETE FROM kci_entity e USING quiet WHERE e.entity_key = quiet.entity_key;
        """;

    /// <summary>Batches skip rows another receiver is deleting, so receivers never wait for each other.</summary>
    private const string RetentionDeleteBatch = $"""
        DELETE FROM kci_inbox WHERE position IN (
            SELECT position FROM kci_inbox WHERE status = {InboxStatusSql.Done} AND completed_at < @cutoff
            ORDER BY completed_at LIMIT @batch FOR UPDATE SKIP LOCKED);
        """;
}
