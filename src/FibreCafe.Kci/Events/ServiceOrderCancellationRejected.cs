using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>The supplier rejected a service order cancellation (<c>action.type</c> <c>RESUBMIT</c> about it, or the cancellation object says <c>REJECTED</c>); <see cref="ServiceOrderCancellationEvent.ReasonText"/> says why.</summary>
public sealed record ServiceOrderCancellationRejected : ServiceOrderCancellationEvent
{
    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
