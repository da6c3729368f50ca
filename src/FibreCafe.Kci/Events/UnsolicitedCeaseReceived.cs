using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>
/// The supplier created a cease order on its own (an unsolicited cease, <c>information.type</c>
/// <c>CREATED</c>); the tenant may dispute it by cancelling it with an unsolicited cease reason code.
/// </summary>
public sealed record UnsolicitedCeaseReceived : KciEvent
{
    /// <summary>Gets the gateway order id of the cease.</summary>
    public long OrderId { get; init; }

    /// <summary>Gets the supplier's order number, e.g. <c>FC123</c>.</summary>
    public string? SupplierOrderNumber { get; init; }

    /// <summary>Gets the service that is ceased, e.g. <c>S12345</c>.</summary>
    public string? ServiceId { get; init; }

    /// <summary>Gets the supplier's reason, e.g. <c>CHANGE_OF_CP</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the requested cease date, verbatim.</summary>
    public string? RequestedCeaseDate { get; init; }

    /// <summary>Gets the order as the KCI carried it.</summary>
    public ServiceOrderEntity? Order { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
