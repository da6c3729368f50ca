using FibreCafe.Client;
using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>
/// The gateway reports an error (<c>ERROR</c>), typically that it could not send an order, problem or
/// test to the supplier. An error that concerns a cancellation raises the cancellation's failed-to-send event instead.
/// </summary>
public sealed record KciErrorReported : KciEvent
{
    /// <summary>Gets the entity id (order, problem or test id) as sent.</summary>
    public string? EntityId { get; init; }

    /// <summary>Gets the error: its uuid (quote it to support), code and messages.</summary>
    public GatewayError? Error { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
