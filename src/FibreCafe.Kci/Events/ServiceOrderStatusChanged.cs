using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>
/// A service order (provide, modify, cease or unsolicited cease) has a new status: raised by the newest
/// KCI of the order whose status differs from the last one recorded; never by a stale KCI.
/// </summary>
public sealed record ServiceOrderStatusChanged : KciEvent
{
    /// <summary>Gets the gateway order id.</summary>
    public long OrderId { get; init; }

    /// <summary>Gets the new status.</summary>
    public ServiceOrderStatus Status { get; init; }

    /// <summary>Gets the status recorded before, or <see langword="null"/> for the first KCI of the order.</summary>
    public ServiceOrderStatus? PreviousStatus { get; init; }

    /// <summary>Gets the information of the KCI (e.g. <c>ACKNOWLEDGED</c>), when it was informational.</summary>
    public KciInformation? Information { get; init; }

    /// <summary>Gets the order as the KCI carried it.</summary>
    public ServiceOrderEntity? Order { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
