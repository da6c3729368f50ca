namespace FibreCafe.Storage.Sqlite;

/// <summary>The SQL of the SQLite store that differs from PostgreSQL's; what both write alike is in the shared repositories.</summary>
internal static class SqliteSql
{
    // A pending entry that is the head of its entity (no earlier pending entry). The subqueries name the partial index
    // of pending rows: without statistics SQLite would otherwise pick ix_kci_inbox_status and scan every pending row
    // per candidate, making claims slow under a backlog (measured: 56 ms with 7,000 pending, held under the write
    // lock) and the due-time query quadratic (15 s).
    private const string Head = $"""
        i.status = {InboxStatusSql.Pending}
        AND NOT EXISTS (SELECT 1 FROM kci_inbox o INDEXED BY ix_kci_inbox_pending WHERE o.entity_key = i.entity_key AND o.status = {InboxStatusSql.Pending}
            AND (o.sequence_number < i.sequence_number OR (o.sequence_number = i.sequence_number AND o.position < i.position)))
        """;

    // The live claims of the entity: one at most.
    private const string LiveClaims = $"""
        FROM kci_inbox l INDEXED BY ix_kci_inbox_pending
        WHERE l.entity_key = i.entity_key AND l.status = {InboxStatusSql.Pending} AND l.lease_expires_at > @now
        """;

    public static readonly InboxSql Inbox = new(
        InboxInsert, InboxNextDue, InboxClaimable, InboxLease, ExclusiveWriter: true, InboxKeyPrefix, InboxReceivedByHour);

    private const string InboxInsert = """
        INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                               request_id, conversation_id, body, status, attempts, next_attempt_at)
        VALUES (@id, @key, @seq, @entityType, @updateType, @supplier, @deliveredOn, @receivedAt, @requestId, @conversationId, @body, 0, 0, @next)
        ON CONFLICT (kci_id) DO NOTHING;
        """;

    private const string InboxNextDue = $"SELECT MIN(COALESCE((SELECT MAX(l.lease_expires_at) {LiveClaims}), i.next_attempt_at)) AS next_due FROM kci_inbox i WHERE {Head};";

    /// <summary>The due heads of entities without a live claim, oldest first; leased one by one in the same transaction.</summary>
    private const string InboxClaimable =
        $"SELECT i.* FROM kci_inbox i WHERE {Head} AND NOT EXISTS (SELECT 1 {LiveClaims}) AND i.next_attempt_at <= @now ORDER BY i.position LIMIT @max;";

    private const string InboxLease = "UPDATE kci_inbox SET lease_id = @lease, lease_expires_at = @until WHERE kci_id = @id;";

    /// <summary>Text compares bytewise here (BINARY), so the range is exactly the prefix, and ix_kci_inbox_entity serves it.</summary>
    private const string InboxKeyPrefix = "entity_key >= @prefix AND entity_key < @prefixEnd";

    /// <summary>Times are Unix milliseconds, so the hour is an integer division.</summary>
    private const string InboxReceivedByHour = """
        SELECT (received_at - @from) / 3600000 AS hour, COUNT(*) AS n FROM kci_inbox
        WHERE received_at >= @from AND received_at < @until GROUP BY hour;
        """;

    public static readonly RetentionSql Retention = new(Delete: RetentionDeletePage, EntityStateDelete: RetentionDeleteEntityStates, Page: RetentionPage);

    private const string RetentionDeleteEntityStates =
        $"DELETE FROM kci_entity_state WHERE {RetentionSql.EntityPageRange} AND {RetentionSql.QuietEntity};";

    private const string RetentionPage =
        $"SELECT position, completed_at, received_at FROM kci_inbox WHERE status = {InboxStatusSql.Done} AND position > @after ORDER BY position LIMIT @page;";

    private const string RetentionDeletePage =
        $"DELETE FROM kci_inbox WHERE status = {InboxStatusSql.Done} AND position > @after AND position <= @last AND completed_at < @cutoff;";
}
