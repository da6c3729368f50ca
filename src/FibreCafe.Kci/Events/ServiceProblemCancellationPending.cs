using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>The supplier is still deciding on a service problem cancellation: the problem is <c>PENDING_CANCELLATION</c>, or the cancellation object says <c>PENDING</c>.</summary>
public sealed record ServiceProblemCancellationPending : ServiceProblemCancellationEvent
{
    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
