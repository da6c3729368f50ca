namespace FibreCafe.Storage.Shared;

/// <summary>
/// The SQL of <see cref="RelationalCancellationRequestStore"/>, the same for both databases except for the row locks
/// (<see cref="StoreDialect.LockRows"/>, <see cref="StoreDialect.SkipLockedRows"/>). Parameters are always bound.
/// </summary>
internal static class CancellationRequestSql
{
    // CancellationRequestState as stored (its number), for the SQL below; CancellationRequestLifecycle is the rule.
    private const string Scheduled = "0";
    private const string Sending = "1";
    private const string LinkableStates = "1, 2, 3, 9"; // Sending, Created, Pending, Parked
    private const string TerminalStates = "4, 5, 6, 7, 8"; // Completed, Rejected, FailedToSend, Refused, Withdrawn

    public const string Columns =
        "kind, target_id, state, priority, idempotency_key, payload_hash, request_body, reason_code, text, supplier, conversation_id, trace_parent, " +
        "scheduled_for, next_attempt_at, attempts, transient_failures, last_request_id, last_attempt_at, executed_at, response_status, response_body, " +
        "cancellation_id, supplier_reference, error_code, error_message, error_uuid, park_reason, reconcile_by, lease_owner, lease_token, lease_expires_at, " +
        "submitted_process, submitted_process_id, submitted_user, updated_by, created_at, updated_at, closed_at, last_kci_id, status_reason, metadata";

    public const string Values =
        "@kind, @target, @state, @priority, @idempotencyKey, @payloadHash, @requestBody, @reasonCode, @text, @supplier, @conversationId, @traceParent, " +
        "@scheduledFor, @nextAttemptAt, @attempts, @transientFailures, @lastRequestId, @lastAttemptAt, @executedAt, @responseStatus, @responseBody, " +
        "@cancellationId, @supplierReference, @errorCode, @errorMessage, @errorUuid, @parkReason, @reconcileBy, @leaseOwner, @leaseToken, @leaseExpiresAt, " +
        "@submittedProcess, @submittedProcessId, @submittedUser, @updatedBy, @createdAt, @updatedAt, @closedAt, @lastKciId, @statusReason, @metadata";

    /// <summary>A new request; a taken idempotency key inserts nothing (and returns no row).</summary>
    public const string Insert =
        $"INSERT INTO cancellation_requests (id, {Columns}) VALUES (@id, {Values}) ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING number;";

    public const string Update = $"UPDATE cancellation_requests SET ({Columns}) = ({Values}) WHERE number = @number;";

    public const string HistoryColumns = "request_number, occurred_at, from_state, to_state, cause, actor, http_request_id, conversation_id, http_status, kci_id";

    public const string InsertHistory =
        $"INSERT INTO cancellation_request_history ({HistoryColumns}) VALUES (@number, @at, @from, @to, @cause, @actor, @httpRequestId, @conversationId, @httpStatus, @kciId);";

    public const string ById = "SELECT * FROM cancellation_requests WHERE id = @id";

    public const string ByNumber = "SELECT * FROM cancellation_requests WHERE number = @number;";

    public const string ByIdempotencyKey = "SELECT * FROM cancellation_requests WHERE idempotency_key = @key;";

    public const string ByCancellationId = "SELECT * FROM cancellation_requests WHERE kind = @kind AND cancellation_id = @cancellationId;";

    /// <summary>Sending, Created, Pending and Parked: what a KCI may move.</summary>
    public const string InFlight = $"SELECT * FROM cancellation_requests WHERE kind = @kind AND target_id = @target AND state IN ({LinkableStates}) ORDER BY number;";

    /// <summary>The feed of submissions (<c>ListAddedAfterAsync</c>).</summary>
    public const string AddedAfter = "SELECT * FROM cancellation_requests WHERE number > @after ORDER BY number LIMIT @max;";

    /// <summary>The feed of moves (<c>ReadChangesAfterAsync</c>): the history's primary key, then each move's request.</summary>
    public const string ChangesAfter = """
        SELECT h.*, r.id AS request_id, r.kind AS request_kind FROM cancellation_request_history h
        JOIN cancellation_requests r ON r.number = h.request_number
        WHERE h.position > @after ORDER BY h.position LIMIT @max;
        """;

    /// <summary>The moves after the submission (whose entry is made from the row).</summary>
    public const string History = "SELECT * FROM cancellation_request_history WHERE request_number = @number ORDER BY position;";

    /// <summary>
    /// Due requests (Scheduled) of targets that are not held back: a target with a request sending, or with an earlier
    /// request that is due or waiting for a retry, waits; another target's never does. Two NOT EXISTS, each on an index
    /// of the target (one OR of both let SQLite probe by state instead, every due row against every due row: 1.1 s
    /// per claim with 3,000 due); the scan walks ix_cancellation_requests_due in claim order and stops at @max.
    /// </summary>
    public const string Due = $"""
        SELECT * FROM cancellation_requests r
        WHERE r.state = {Scheduled} AND r.next_attempt_at <= @now
          AND NOT EXISTS (SELECT 1 FROM cancellation_requests s
              WHERE s.kind = r.kind AND s.target_id = r.target_id AND s.state = {Sending})
          AND NOT EXISTS (SELECT 1 FROM cancellation_requests e
              WHERE e.kind = r.kind AND e.target_id = r.target_id AND e.number < r.number
                AND e.state = {Scheduled} AND (e.next_attempt_at <= @now OR e.attempts > 0))
        ORDER BY r.priority DESC, r.next_attempt_at, r.number
        LIMIT @max
        """;

    /// <summary>
    /// Sending with no live attempt: a reconcile window that ended, or (none begun) a lease that ended. (<c>state &gt; 0</c>
    /// is what lets SQLite see that ix_cancellation_requests_state, partial on it, holds the rows.)
    /// </summary>
    public const string Unsettled = $"""
        SELECT * FROM cancellation_requests
        WHERE state > {Scheduled} AND state = {Sending} AND ((reconcile_by IS NOT NULL AND reconcile_by <= @now) OR (reconcile_by IS NULL AND lease_expires_at <= @now))
        ORDER BY number LIMIT @max;
        """;

    public const string CountByState = "SELECT state, COUNT(*) AS n FROM cancellation_requests GROUP BY state;";

    public const string OldestDue = $"SELECT MIN(next_attempt_at) AS due FROM cancellation_requests WHERE state = {Scheduled} AND next_attempt_at <= @now;";

    public const string Purgeable = $"SELECT number FROM cancellation_requests WHERE state IN ({TerminalStates}) AND closed_at < @before ORDER BY closed_at LIMIT @max";

    /// <summary>Sending, for the SQLite store's start (a previous process's leases end at once).</summary>
    public const string EndLeasesOfThePreviousProcess =
        $"UPDATE cancellation_requests SET lease_expires_at = 0 WHERE state = {Sending} AND reconcile_by IS NULL AND lease_expires_at IS NOT NULL;";
}
