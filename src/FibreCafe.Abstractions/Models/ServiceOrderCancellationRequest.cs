namespace FibreCafe.Client;

/// <summary>The body of <c>POST /service-order-cancellations</c>: cancel an in-flight provide, cease or modify order.</summary>
public sealed record ServiceOrderCancellationRequest
{
    /// <summary>Gets the gateway supplier id (optional; <c>^\w{1,20}$</c>), e.g. <c>DUMMY_SUPPLIER</c>.</summary>
    public string? Supplier { get; init; }

    /// <summary>Gets the gateway order id (the <c>id</c> returned by <c>POST /service-orders</c>); at least 1.</summary>
    public required long OrderId { get; init; }

    /// <summary>Gets why the order is cancelled.</summary>
    public required OrderCancellationReasonCode ReasonCode { get; init; }

    /// <summary>Gets free-text context (optional; 1 to 1000 characters), e.g. <c>Delivery too long</c>.</summary>
    public string? Text { get; init; }
}
