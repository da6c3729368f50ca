using FibreCafe.Client;

namespace FibreCafe.Kci;

/// <summary>The <c>entity</c> of a service problem (fault ticket) KCI.</summary>
public sealed record ServiceProblemEntity : KciEntity
{
    /// <summary>Gets the problem's status after this update.</summary>
    public ServiceProblemStatus Status { get; init; }

    /// <summary>Gets the service id, e.g. <c>BBEU12345678</c>.</summary>
    public string? ServiceId { get; init; }

    /// <summary>Gets the tenant's own reference of the problem, e.g. <c>DS-1234567890</c>.</summary>
    public string? ExternalIdentifier { get; init; }

    /// <summary>Gets the kind of problem, e.g. <c>OUTAGE</c>.</summary>
    public string? ProblemType { get; init; }

    /// <summary>Gets the description of the problem.</summary>
    public string? ProblemText { get; init; }

    /// <summary>Gets the cancellation request this update reports on, when the gateway put it inside the problem.</summary>
    public ServiceProblemCancellation? ServiceProblemCancellation { get; init; }
}
