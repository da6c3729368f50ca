using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>How a <see cref="CancellationRequest"/> and a <see cref="CancellationRequestHistoryEntry"/> map to their rows (<see cref="CancellationRequestSql"/>).</summary>
internal static class CancellationRequestRows
{
    public static (string, object?)[] Parameters(CancellationRequest r, StoreDialect d) =>
    [
        ("@kind", d.Small((int)r.Kind)),
        ("@target", r.TargetId),
        ("@state", d.Small((int)r.State)),
        ("@priority", d.Small((int)r.Priority)),
        ("@idempotencyKey", r.IdempotencyKey),
        ("@payloadHash", r.PayloadHash),
        ("@requestBody", r.RequestBody),
        ("@reasonCode", r.ReasonCode),
        ("@text", r.Text),
        ("@supplier", r.Supplier),
        ("@conversationId", r.ConversationId),
        ("@traceParent", r.TraceParent),
        ("@scheduledFor", d.Time(r.ScheduledFor)),
        ("@nextAttemptAt", d.Time(r.NextAttemptAt)),
        ("@attempts", r.Attempts),
        ("@transientFailures", r.TransientFailures),
        ("@lastRequestId", r.LastRequestId),
        ("@lastAttemptAt", d.Time(r.LastAttemptAt)),
        ("@executedAt", d.Time(r.ExecutedAt)),
        ("@responseStatus", r.ResponseStatus),
        ("@responseBody", r.ResponseBody),
        ("@cancellationId", r.CancellationId),
        ("@supplierReference", r.SupplierReference),
        ("@errorCode", r.ErrorCode),
        ("@errorMessage", r.ErrorMessage),
        ("@errorUuid", r.ErrorUuid),
        ("@parkReason", r.ParkReason is { } reason ? d.Small((int)reason) : null),
        ("@reconcileBy", d.Time(r.ReconcileBy)),
        ("@leaseOwner", r.LeaseOwner),
        ("@leaseToken", r.LeaseToken),
        ("@leaseExpiresAt", d.Time(r.LeaseExpiresAt)),
        ("@submittedProcess", r.SubmittedBy?.ProcessName),
        ("@submittedProcessId", r.SubmittedBy?.ProcessId),
        ("@submittedUser", r.SubmittedBy?.User),
        ("@updatedBy", r.UpdatedBy),
        ("@createdAt", d.Time(r.CreatedAt)),
        ("@updatedAt", d.Time(r.UpdatedAt)),
        ("@closedAt", d.Time(r.ClosedAt)),
        ("@lastKciId", d.Id(r.LastKciId)),
        ("@statusReason", r.StatusReason),
        ("@metadata", r.Metadata?.ToJson()),
    ];

    public static (string, object?)[] Parameters(long number, CancellationRequestHistoryEntry e, StoreDialect d) =>
    [
        ("@number", number),
        ("@at", d.Time(e.At)),
        ("@from", e.From is { } from ? d.Small((int)from) : null),
        ("@to", d.Small((int)e.To)),
        ("@cause", e.Cause),
        ("@actor", e.By),
        ("@httpRequestId", e.HttpRequestId),
        ("@conversationId", e.ConversationId),
        ("@httpStatus", e.HttpStatus),
        ("@kciId", d.Id(e.KciId)),
    ];

    public static CancellationRequest Read(StoreRow r) => new()
    {
        Id = r.Id("id"),
        Number = r.Long("number"),
        Kind = (CancellationKind)r.Int("kind"),
        TargetId = r.Long("target_id"),
        State = (CancellationRequestState)r.Int("state"),
        Priority = (CancellationRequestPriority)r.Int("priority"),
        IdempotencyKey = r.TextOrNull("idempotency_key"),
        PayloadHash = r.Text("payload_hash"),
        RequestBody = r.Text("request_body"),
        ReasonCode = r.Text("reason_code"),
        Text = r.TextOrNull("text"),
        Supplier = r.TextOrNull("supplier"),
        ConversationId = r.Text("conversation_id"),
        TraceParent = r.TextOrNull("trace_parent"),
        ScheduledFor = r.Time("scheduled_for"),
        NextAttemptAt = r.TimeOrNull("next_attempt_at"),
        Attempts = r.Int("attempts"),
        TransientFailures = r.Int("transient_failures"),
        LastRequestId = r.TextOrNull("last_request_id"),
        LastAttemptAt = r.TimeOrNull("last_attempt_at"),
        ExecutedAt = r.TimeOrNull("executed_at"),
        ResponseStatus = r.IntOrNull("response_status"),
        ResponseBody = r.TextOrNull("response_body"),
        CancellationId = r.LongOrNull("cancellation_id"),
        SupplierReference = r.TextOrNull("supplier_reference"),
        ErrorCode = r.TextOrNull("error_code"),
        ErrorMessage = r.TextOrNull("error_message"),
        ErrorUuid = r.TextOrNull("error_uuid"),
        ParkReason = r.IntOrNull("park_reason") is { } reason ? (CancellationRequestParkReason)reason : null,
        ReconcileBy = r.TimeOrNull("reconcile_by"),
        LeaseOwner = r.TextOrNull("lease_owner"),
        LeaseToken = r.Long("lease_token"),
        LeaseExpiresAt = r.TimeOrNull("lease_expires_at"),
        SubmittedBy = Submitter(r.TextOrNull("submitted_process"), r.TextOrNull("submitted_process_id"), r.TextOrNull("submitted_user")),
        UpdatedBy = r.TextOrNull("updated_by"),
        CreatedAt = r.Time("created_at"),
        UpdatedAt = r.Time("updated_at"),
        ClosedAt = r.TimeOrNull("closed_at"),
        LastKciId = r.IdOrNull("last_kci_id"),
        StatusReason = r.TextOrNull("status_reason"),
        Metadata = CancellationRequestMetadata.FromJson(r.TextOrNull("metadata")),
    };

    public static CancellationRequestHistoryEntry ReadEntry(StoreRow r) => new()
    {
        At = r.Time("occurred_at"),
        From = r.IntOrNull("from_state") is { } from ? (CancellationRequestState)from : null,
        To = (CancellationRequestState)r.Int("to_state"),
        Cause = r.Text("cause"),
        By = r.TextOrNull("actor"),
        HttpRequestId = r.TextOrNull("http_request_id"),
        ConversationId = r.TextOrNull("conversation_id"),
        HttpStatus = r.IntOrNull("http_status"),
        KciId = r.IdOrNull("kci_id"),
    };

    private static CancellationRequestSubmitter? Submitter(string? process, string? processId, string? user) =>
        process is null && processId is null && user is null ? null : new() { ProcessName = process, ProcessId = processId, User = user };
}
