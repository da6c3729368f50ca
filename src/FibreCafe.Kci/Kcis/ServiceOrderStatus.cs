using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>status</c> of a service order entity.</summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<ServiceOrderStatus>))]
public readonly record struct ServiceOrderStatus : IExtensibleEnum<ServiceOrderStatus>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public ServiceOrderStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The gateway received the order (<c>RECEIVED_BY_GATEWAY</c>).</summary>
    public static ServiceOrderStatus ReceivedByGateway { get; } = new("RECEIVED_BY_GATEWAY");

    /// <summary>The gateway sent the order to the supplier (<c>SENT_TO_SUPPLIER</c>).</summary>
    public static ServiceOrderStatus SentToSupplier { get; } = new("SENT_TO_SUPPLIER");

    /// <summary>The gateway could not send the order to the supplier (<c>FAILED_TO_SEND</c>).</summary>
    public static ServiceOrderStatus FailedToSend { get; } = new("FAILED_TO_SEND");

    /// <summary>The supplier acknowledged the order (<c>ACKNOWLEDGED</c>).</summary>
    public static ServiceOrderStatus Acknowledged { get; } = new("ACKNOWLEDGED");

    /// <summary>The supplier is working on the order (<c>IN_PROGRESS</c>).</summary>
    public static ServiceOrderStatus InProgress { get; } = new("IN_PROGRESS");

    /// <summary>The order waits for the tenant (<c>PENDING</c>).</summary>
    public static ServiceOrderStatus Pending { get; } = new("PENDING");

    /// <summary>The order is delayed (<c>HELD</c>).</summary>
    public static ServiceOrderStatus Held { get; } = new("HELD");

    /// <summary>An amendment awaits the supplier's decision (<c>PENDING_AMENDMENT</c>).</summary>
    public static ServiceOrderStatus PendingAmendment { get; } = new("PENDING_AMENDMENT");

    /// <summary>A cancellation awaits the supplier's decision (<c>PENDING_CANCELLATION</c>).</summary>
    public static ServiceOrderStatus PendingCancellation { get; } = new("PENDING_CANCELLATION");

    /// <summary>The order is cancelled (terminal) (<c>CANCELLED</c>).</summary>
    public static ServiceOrderStatus Cancelled { get; } = new("CANCELLED");

    /// <summary>The supplier rejected the order (terminal) (<c>REJECTED</c>).</summary>
    public static ServiceOrderStatus Rejected { get; } = new("REJECTED");

    /// <summary>The order failed (terminal) (<c>FAILED</c>).</summary>
    public static ServiceOrderStatus Failed { get; } = new("FAILED");

    /// <summary>The order is complete (terminal) (<c>COMPLETED</c>).</summary>
    public static ServiceOrderStatus Completed { get; } = new("COMPLETED");

    /// <summary>The order completed in part (<c>PARTIAL</c>).</summary>
    public static ServiceOrderStatus Partial { get; } = new("PARTIAL");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<ServiceOrderStatus> KnownValues { get; } = [ReceivedByGateway, SentToSupplier, FailedToSend, Acknowledged, InProgress, Pending, Held, PendingAmendment, PendingCancellation, Cancelled, Rejected, Failed, Completed, Partial];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc />
    public static ServiceOrderStatus FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator ServiceOrderStatus(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
