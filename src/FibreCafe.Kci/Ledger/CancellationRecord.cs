using FibreCafe.Client;

namespace FibreCafe.Kci;

/// <summary>
/// One cancellation in the ledger: what was sent, what the gateway answered, and where it stands now.
/// Bodies are the typed request and 201 body serialized again; headers, tokens and secrets are never kept.
/// </summary>
public sealed record CancellationRecord
{
    /// <summary>Gets what the cancellation cancels.</summary>
    public required CancellationKind Kind { get; init; }

    /// <summary>Gets the gateway-generated cancellation id (the <c>id</c> of the 201 body).</summary>
    public required long CancellationId { get; init; }

    /// <summary>Gets the order or service problem id that is cancelled.</summary>
    public required long TargetId { get; init; }

    /// <summary>Gets the order id, for a service order cancellation.</summary>
    public long? OrderId => Kind == CancellationKind.ServiceOrder ? TargetId : null;

    /// <summary>Gets the service problem id, for a service problem cancellation.</summary>
    public long? ServiceProblemId => Kind == CancellationKind.ServiceProblem ? TargetId : null;

    /// <summary>Gets where the cancellation stands.</summary>
    public required CancellationStatus Status { get; init; }

    /// <summary>Gets the reason code that was sent.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Gets the free text that was sent.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the gateway supplier id, when known.</summary>
    public string? Supplier { get; init; }

    /// <summary>Gets the supplier's reference, when known.</summary>
    public string? SupplierReference { get; init; }

    /// <summary>Gets the <c>X-Request-ID</c> of the call that created the cancellation.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the <c>X-Conversation-ID</c> of that call; the KCIs about it carry the same.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Gets the request body that was sent (JSON); <see langword="null"/> when first heard of through a KCI.</summary>
    public string? RequestBody { get; init; }

    /// <summary>Gets the gateway's 201 body (JSON); <see langword="null"/> when first heard of through a KCI.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>Gets when the ledger first heard of the cancellation.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the ledger last changed it.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when it reached a terminal state.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Gets the last KCI that changed the status.</summary>
    public Guid? LastKciId { get; init; }

    /// <summary>Gets the supplier's or gateway's explanation of the last status change, e.g. why it was rejected.</summary>
    public string? StatusReason { get; init; }
}
