using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>The supplier accepted a service order cancellation: the order is cancelled (<c>information.type</c> <c>CANCELLED</c>, or the cancellation object says <c>COMPLETED</c>).</summary>
public sealed record ServiceOrderCancellationCompleted : ServiceOrderCancellationEvent
{
    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
