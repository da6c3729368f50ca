namespace FibreCafe.Client;

/// <summary>
/// A service order cancellation request as the gateway holds it: the <c>201</c> body of
/// <c>POST /service-order-cancellations</c>, and the <c>serviceOrderCancellation</c> object of a KCI.
/// </summary>
public sealed record ServiceOrderCancellation
{
    /// <summary>Gets the gateway-generated cancellation request id, e.g. <c>234</c>.</summary>
    public required long Id { get; init; }

    /// <summary>Gets the supplier's reference, informational only, e.g. <c>A123X-1</c>.</summary>
    public string? SupplierReference { get; init; }

    /// <summary>Gets the state of the request.</summary>
    public CancellationStatus Status { get; init; }

    /// <summary>Gets the gateway supplier id, echoed from the request.</summary>
    public string? Supplier { get; init; }

    /// <summary>Gets the gateway order id, echoed from the request.</summary>
    public long OrderId { get; init; }

    /// <summary>Gets the reason code, echoed from the request.</summary>
    public OrderCancellationReasonCode ReasonCode { get; init; }

    /// <summary>Gets the free text, echoed from the request.</summary>
    public string? Text { get; init; }
}
