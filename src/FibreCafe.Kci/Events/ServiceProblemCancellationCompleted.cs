using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>The supplier accepted a service problem cancellation: the problem is cancelled (<c>information.type</c> <c>CANCELLED</c>, or the cancellation object says <c>COMPLETED</c>).</summary>
public sealed record ServiceProblemCancellationCompleted : ServiceProblemCancellationEvent
{
    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
