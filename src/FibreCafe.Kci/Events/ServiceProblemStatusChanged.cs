using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>
/// A service problem has a new status: raised by the newest KCI of the problem whose status differs
/// from the last one recorded; never by a stale KCI.
/// </summary>
public sealed record ServiceProblemStatusChanged : KciEvent
{
    /// <summary>Gets the gateway service problem id.</summary>
    public long ServiceProblemId { get; init; }

    /// <summary>Gets the new status.</summary>
    public ServiceProblemStatus Status { get; init; }

    /// <summary>Gets the status recorded before, or <see langword="null"/> for the first KCI of the problem.</summary>
    public ServiceProblemStatus? PreviousStatus { get; init; }

    /// <summary>Gets the information of the KCI, when it was informational.</summary>
    public KciInformation? Information { get; init; }

    /// <summary>Gets the problem as the KCI carried it.</summary>
    public ServiceProblemEntity? Problem { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
