using FibreCafe.Client;

namespace FibreCafe.Kci;

/// <summary>A change of a cancellation's status that a KCI reported, for <see cref="ICancellationLedger.ApplyAsync"/>.</summary>
public sealed record CancellationStatusUpdate
{
    /// <summary>Gets what the cancellation cancels.</summary>
    public required CancellationKind Kind { get; init; }

    /// <summary>Gets the gateway cancellation id.</summary>
    public required long CancellationId { get; init; }

    /// <summary>Gets the order or service problem id.</summary>
    public required long TargetId { get; init; }

    /// <summary>Gets the new status.</summary>
    public required CancellationStatus Status { get; init; }

    /// <summary>Gets the KCI that reported it.</summary>
    public required Guid KciId { get; init; }

    /// <summary>Gets when the gateway delivered that KCI.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the explanation, e.g. the supplier's rejection text.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the reason code, when the KCI carried the cancellation object (used when the ledger did not know it yet).</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Gets the free text of the cancellation, when the KCI carried it.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the supplier id, when known.</summary>
    public string? Supplier { get; init; }

    /// <summary>Gets the supplier's reference, when the KCI carried it.</summary>
    public string? SupplierReference { get; init; }

    /// <summary>Gets the KCI's <c>X-Conversation-ID</c>.</summary>
    public string? ConversationId { get; init; }
}
