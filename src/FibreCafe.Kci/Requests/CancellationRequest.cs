namespace FibreCafe.Kci;

/// <summary>
/// A durable cancellation request: what the tenant asked for, when it is due, every attempt to send it and what the
/// gateway and the KCIs said since. One record per request, from submission to its end; its moves are kept in
/// <see cref="ICancellationRequestStore.GetHistoryAsync"/>. Bodies are the typed request and answers serialized again:
/// no header, token or secret is ever kept.
/// </summary>
public sealed record CancellationRequest
{
    /// <summary>Gets the local id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the human-readable number, given by the store in submission order (1, 2, 3 …); see <see cref="Reference"/>.</summary>
    public required long Number { get; init; }

    /// <summary>Gets the number as shown to people, e.g. <c>CR-000042</c>.</summary>
    public string Reference => FormattableString.Invariant($"CR-{Number:D6}");

    /// <summary>Gets what the request cancels.</summary>
    public required CancellationKind Kind { get; init; }

    /// <summary>Gets the order id or service problem id.</summary>
    public required long TargetId { get; init; }

    /// <summary>Gets where the request is in its life cycle.</summary>
    public required CancellationRequestState State { get; init; }

    /// <summary>Gets the priority.</summary>
    public CancellationRequestPriority Priority { get; init; }

    /// <summary>Gets the caller's idempotency key, if one was given.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the SHA-256 of <see cref="RequestBody"/> (hex), which tells a replay under the same key from a different payload.</summary>
    public required string PayloadHash { get; init; }

    /// <summary>Gets the request body as it is sent (JSON).</summary>
    public required string RequestBody { get; init; }

    /// <summary>Gets the reason code.</summary>
    public required string ReasonCode { get; init; }

    /// <summary>Gets the free text, if any.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the supplier, when the request names one.</summary>
    public string? Supplier { get; init; }

    /// <summary>Gets the <c>X-Conversation-ID</c> of every attempt (one per request), which the gateway's KCIs about it carry back.</summary>
    public required string ConversationId { get; init; }

    /// <summary>Gets the W3C <c>traceparent</c> of the submission, which every attempt's activity links to.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Gets when the request is due: its start date (the submission time unless given).</summary>
    public required DateTimeOffset ScheduledFor { get; init; }

    /// <summary>
    /// Gets when the processing run takes it next: <see cref="ScheduledFor"/>, or a later retry time. While
    /// <see cref="CancellationRequestState.Sending"/>, when the attempt in progress was due (the send delay is measured
    /// from it); <see langword="null"/> once the gateway has it or the request ended.
    /// </summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Gets how many attempts were started, over the request's whole life.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets how many attempts in a row failed transiently since the last success or resubmission (the back-off's exponent).</summary>
    public int TransientFailures { get; init; }

    /// <summary>Gets the <c>X-Request-ID</c> of the latest attempt.</summary>
    public string? LastRequestId { get; init; }

    /// <summary>Gets when the latest attempt started.</summary>
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>Gets when the gateway accepted (201) or refused (400, 422) the request: CRM.COM's executed date.</summary>
    public DateTimeOffset? ExecutedAt { get; init; }

    /// <summary>Gets the HTTP status of the latest answer, if one came.</summary>
    public int? ResponseStatus { get; init; }

    /// <summary>Gets the latest answer's body (JSON): the 201 body, or the gateway's error.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>Gets the gateway's cancellation id, from the 201 or from a KCI that reconciled the request.</summary>
    public long? CancellationId { get; init; }

    /// <summary>Gets the supplier's reference, when known.</summary>
    public string? SupplierReference { get; init; }

    /// <summary>Gets the gateway's error code when it refused the request or the latest attempt failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the gateway's error messages (one per line), or the failure's description.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the <c>uuid</c> of the gateway's error body, for its support desk.</summary>
    public string? ErrorUuid { get; init; }

    /// <summary>Gets why the request is parked, while <see cref="CancellationRequestState.Parked"/>.</summary>
    public CancellationRequestParkReason? ParkReason { get; init; }

    /// <summary>Gets, after an ambiguous failure, until when a KCI may reconcile the request before it is parked.</summary>
    public DateTimeOffset? ReconcileBy { get; init; }

    /// <summary>Gets the processing-run instance that holds the request while it is sent.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Gets the fencing token: it grows with every lease, and only the holder of the current one may record an attempt's outcome.</summary>
    public long LeaseToken { get; init; }

    /// <summary>Gets when the current lease ends; a request still sending after it was lost with its instance.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets who submitted the request.</summary>
    public CancellationRequestSubmitter? SubmittedBy { get; init; }

    /// <summary>Gets who changed it last: <c>processing-run</c>, <c>kci</c>, or the operator named on an operation.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>Gets when it was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when it reached a terminal state.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Gets the last KCI that moved it.</summary>
    public Guid? LastKciId { get; init; }

    /// <summary>Gets the explanation of the latest move, e.g. the supplier's rejection text or why it was parked.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Gets the caller's own key-value pairs, stored and returned as given and never sent to the gateway.</summary>
    public CancellationRequestMetadata? Metadata { get; init; }

    /// <summary>Gets the order id, for an order cancellation.</summary>
    public long? OrderId => Kind == CancellationKind.ServiceOrder ? TargetId : null;

    /// <summary>Gets the service problem id, for a service problem cancellation.</summary>
    public long? ServiceProblemId => Kind == CancellationKind.ServiceProblem ? TargetId : null;
}
