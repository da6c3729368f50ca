using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>The supplier is still deciding on a service order cancellation: the order is <c>PENDING_CANCELLATION</c>, or the cancellation object says <c>PENDING</c>.</summary>
public sealed record ServiceOrderCancellationPending : ServiceOrderCancellationEvent
{
    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
