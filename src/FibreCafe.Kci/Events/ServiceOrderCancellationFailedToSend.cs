using FibreCafe.Client;
using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>The gateway could not deliver a service order cancellation to the supplier (an <c>ERROR</c> KCI about it, or the cancellation object says <c>FAILED_TO_SEND</c>).</summary>
public sealed record ServiceOrderCancellationFailedToSend : ServiceOrderCancellationEvent
{
    /// <summary>Gets the gateway's error (<c>SUPPLIER_TIMED_OUT</c>, <c>SUPPLIER_FAULT</c>, <c>GATEWAY_FAULT</c>), when the KCI carried one.</summary>
    public GatewayError? Error { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
