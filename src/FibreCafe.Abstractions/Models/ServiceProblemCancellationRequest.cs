namespace FibreCafe.Client;

/// <summary>The body of <c>POST /service-problem-cancellations</c>: cancel an in-flight service problem (fault ticket).</summary>
public sealed record ServiceProblemCancellationRequest
{
    /// <summary>Gets the gateway service problem id; at least 1.</summary>
    public required long ServiceProblemId { get; init; }

    /// <summary>Gets why the problem is cancelled.</summary>
    public required ProblemCancellationReasonCode ReasonCode { get; init; }

    /// <summary>Gets free-text context (optional; 1 to 1000 characters).</summary>
    public string? Text { get; init; }
}
