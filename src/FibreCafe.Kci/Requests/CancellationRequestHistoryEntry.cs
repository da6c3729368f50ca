namespace FibreCafe.Kci;

/// <summary>
/// One move of a request, or one attempt to send it, with its time and cause: the audit trail an operator reads.
/// An attempt's entry carries its <c>X-Request-ID</c> and <c>X-Conversation-ID</c> and, when an answer came, its status.
/// </summary>
public sealed record CancellationRequestHistoryEntry
{
    /// <summary>Gets when it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the state before; <see langword="null"/> for the submission.</summary>
    public CancellationRequestState? From { get; init; }

    /// <summary>Gets the state after (the same as <see cref="From"/> when only details changed).</summary>
    public required CancellationRequestState To { get; init; }

    /// <summary>Gets why, in words: <c>submitted</c>, <c>503 Service Unavailable; retry at …</c>, <c>KCI: PENDING</c>, ….</summary>
    public required string Cause { get; init; }

    /// <summary>Gets who moved it: <c>processing-run</c>, <c>kci</c>, or an operator.</summary>
    public string? By { get; init; }

    /// <summary>Gets the attempt's <c>X-Request-ID</c>, for an attempt.</summary>
    public string? HttpRequestId { get; init; }

    /// <summary>Gets the attempt's <c>X-Conversation-ID</c>, for an attempt.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Gets the HTTP status the attempt got, if an answer came.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets the KCI that moved it, for a move a KCI made.</summary>
    public Guid? KciId { get; init; }
}
