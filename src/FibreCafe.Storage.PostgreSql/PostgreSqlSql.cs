namespace FibreCafe.Storage.PostgreSql;

/// <summary>The SQL of the PostgreSQL store that differs from SQLite's; what both write alike is in the shared repositories.</summary>
internal static class PostgreSqlSql
{
    // The claim's probes of one entity test the status as `status + 0`, which no index on status can serve, and which only
    // ix_kci_inbox_pending_of_entity (entity_key first, that predicate) and ix_kci_inbox_entity can: both are entered by
    // entity. Under statistics taken while no KCI was pending (autovacuum analyzes right after a backlog drained) the
    // planner takes each index of `status = 0` rows to hold about one, and probed by reading ix_kci_inbox_due end to end,
    // 300 ms per claim statement with 9,000 pending (measured; PostgreSqlStoreTests plans the claim under such
    // statistics). OFFSET 0 keeps each a lookup per row instead of an anti-join that reads all of its side once (13 ms
    // with 10,000 pending, measured).
    private const string PendingOf = $"status + 0 = {InboxStatusSql.Pending}";

    // The leased row's own status test, in a third form: `status = 0` let the planner read ix_kci_inbox_status's whole
    // pending range and filter the positions (planned under "all done" statistics), and PendingOf would let it read
    // ix_kci_inbox_pending_of_entity whole. This one implies no index's predicate and matches no index.
    private const string LeasedRowPending = $"status - 0 = {InboxStatusSql.Pending}";

    // A pending entry that is the head of its entity (no earlier pending entry).
    private const string ClaimableHead = $"""
        h.status = {InboxStatusSql.Pending}
        AND NOT EXISTS (SELECT 1 FROM kci_inbox o WHERE o.entity_key = h.entity_key AND o.{PendingOf}
            AND (o.sequence_number, o.position) < (h.sequence_number, h.position) OFFSET 0)
        """;

    // A head (no earlier pending entry) whose entity has no live claim, in one probe of the entity's rows: none of its
    // pending entries comes before this one or holds a live lease (this one included).
    private const string UnclaimedHead = $"""
        h.status = {InboxStatusSql.Pending}
        AND NOT EXISTS (SELECT 1 FROM kci_inbox o WHERE o.entity_key = h.entity_key AND o.{PendingOf}
            AND ((o.sequence_number, o.position) < (h.sequence_number, h.position) OR o.lease_expires_at > @now) OFFSET 0)
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
            (SELECT MAX(l.lease_expires_at) FROM kci_inbox l WHERE l.entity_key = h.entity_key AND l.{PendingOf} AND l.lease_expires_at > @now),
            h.next_attempt_at)) AS next_due
        FROM kci_inbox h WHERE {ClaimableHead};
        """;

    /// <summary>
    /// Step 1 of a claim: the due, unclaimed heads (entity and position), their entity rows locked; an entity another
    /// receiver is claiming is skipped.
    /// </summary>
    private const string InboxLockEntities = $"""
        SELECT e.entity_key, h.position
        FROM kci_inbox h JOIN kci_entity e ON e.entity_key = h.entity_key
        WHERE {UnclaimedHead} AND h.next_attempt_at <= @now
        ORDER BY h.position
        LIMIT @max
        FOR UPDATE OF e SKIP LOCKED;
        """;

    /// <summary>
    /// Step 2: lease the heads step 1 found, by position, each only if it still is its entity's head, due and unclaimed
    /// in this statement's snapshot (later than the locks). The row is found by position alone: its status is tested as
    /// <see cref="LeasedRowPending"/>, which no index can serve, so that no plan can do more than look up these rows and
    /// probe each one's entity. The lease used to find the heads again by a DISTINCT ON over the locked entities joined
    /// back to the inbox, and under statistics taken while the inbox filled, PostgreSQL ran that for minutes at full CPU,
    /// every claim of every receiver with it (measured: pg-receiver, 9,394 of 9,426 KCIs undispatched after 30 s;
    /// docs/performance.md). A head replaced meanwhile (an earlier KCI arrived) is skipped.
    /// </summary>
    private const string InboxLeaseHeads = $"""
        UPDATE kci_inbox i SET lease_id = gen_random_uuid(), lease_expires_at = @until
        WHERE i.position = ANY(@positions) AND i.{LeasedRowPending} AND i.next_attempt_at <= @now
          AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= @now)
          AND NOT EXISTS (SELECT 1 FROM kci_inbox o WHERE o.entity_key = i.entity_key AND o.{PendingOf}
              AND ((o.sequence_number, o.position) < (i.sequence_number, i.position) OR o.lease_expires_at > @now) OFFSET 0)
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
