using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>The supplier rejected a service problem cancellation (<c>action.type</c> <c>RESUBMIT</c> about it, or the cancellation object says <c>REJECTED</c>); <see cref="ServiceProblemCancellationEvent.ReasonText"/> says why.</summary>
public sealed record ServiceProblemCancellationRejected : ServiceProblemCancellationEvent
{
    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
