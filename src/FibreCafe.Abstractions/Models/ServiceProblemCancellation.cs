namespace FibreCafe.Client;

/// <summary>
/// A service problem cancellation request as the gateway holds it: the <c>201</c> body of
/// <c>POST /service-problem-cancellations</c>, and the <c>serviceProblemCancellation</c> object of a KCI.
/// </summary>
public sealed record ServiceProblemCancellation
{
    /// <summary>Gets the gateway-generated cancellation request id.</summary>
    public required long Id { get; init; }

    /// <summary>Gets the state of the request.</summary>
    public CancellationStatus Status { get; init; }

    /// <summary>Gets the gateway service problem id, echoed from the request.</summary>
    public long ServiceProblemId { get; init; }

    /// <summary>Gets the reason code, echoed from the request.</summary>
    public ProblemCancellationReasonCode ReasonCode { get; init; }

    /// <summary>Gets the free text, echoed from the request.</summary>
    public string? Text { get; init; }
}
