using FibreCafe.Client;

namespace FibreCafe.Kci;

/// <summary>The <c>entity</c> of a provide, modify, cease or unsolicited cease order KCI.</summary>
public sealed record ServiceOrderEntity : KciEntity
{
    /// <summary>Gets the order type, e.g. <c>NEW</c> or <c>UNSOLICITED_CEASE</c>.</summary>
    public string? OrderType { get; init; }

    /// <summary>Gets the order's status after this update.</summary>
    public ServiceOrderStatus Status { get; init; }

    /// <summary>Gets the supplier's order number (unsolicited cease), e.g. <c>FC123</c>.</summary>
    public string? SupplierOrderNumber { get; init; }

    /// <summary>Gets the supplier's order reference, when known.</summary>
    public string? SupplierOrderReference { get; init; }

    /// <summary>Gets the service id, e.g. <c>S12345</c>.</summary>
    public string? ServiceId { get; init; }

    /// <summary>Gets the supplier's reason (unsolicited cease), e.g. <c>CHANGE_OF_CP</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Gets the requested cease date (unsolicited cease) verbatim: the gateway's own example sends
    /// <c>2024-04-012T00:00:00Z</c>, which is not a date-time, so it is not parsed.
    /// </summary>
    public string? RequestedCeaseDate { get; init; }

    /// <summary>Gets the cancellation request this update reports on, when the gateway put it inside the order.</summary>
    public ServiceOrderCancellation? ServiceOrderCancellation { get; init; }
}
