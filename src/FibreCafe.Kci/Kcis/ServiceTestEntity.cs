namespace FibreCafe.Kci;

/// <summary>The <c>entity</c> of a service test KCI.</summary>
public sealed record ServiceTestEntity : KciEntity
{
    /// <summary>Gets the test's status after this update.</summary>
    public ServiceTestStatus Status { get; init; }

    /// <summary>Gets the service id that was tested, e.g. <c>BBEU00537760</c>.</summary>
    public string? ServiceId { get; init; }

    /// <summary>Gets the kind of problem the test looks into, e.g. <c>OUTAGE</c>.</summary>
    public string? ProblemType { get; init; }
}
