using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>status</c> of a service test entity.</summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<ServiceTestStatus>))]
public readonly record struct ServiceTestStatus : IExtensibleEnum<ServiceTestStatus>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public ServiceTestStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The gateway received the test (<c>RECEIVED_BY_GATEWAY</c>).</summary>
    public static ServiceTestStatus ReceivedByGateway { get; } = new("RECEIVED_BY_GATEWAY");

    /// <summary>The gateway sent the test to the supplier (<c>SENT_TO_SUPPLIER</c>).</summary>
    public static ServiceTestStatus SentToSupplier { get; } = new("SENT_TO_SUPPLIER");

    /// <summary>The gateway could not send the test to the supplier (<c>FAILED_TO_SEND</c>).</summary>
    public static ServiceTestStatus FailedToSend { get; } = new("FAILED_TO_SEND");

    /// <summary>The supplier rejected the test (<c>REJECTED</c>).</summary>
    public static ServiceTestStatus Rejected { get; } = new("REJECTED");

    /// <summary>The test is running (<c>IN_PROGRESS</c>).</summary>
    public static ServiceTestStatus InProgress { get; } = new("IN_PROGRESS");

    /// <summary>The test failed (<c>FAILED</c>).</summary>
    public static ServiceTestStatus Failed { get; } = new("FAILED");

    /// <summary>The test completed (<c>COMPLETED</c>).</summary>
    public static ServiceTestStatus Completed { get; } = new("COMPLETED");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<ServiceTestStatus> KnownValues { get; } = [ReceivedByGateway, SentToSupplier, FailedToSend, Rejected, InProgress, Failed, Completed];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc />
    public static ServiceTestStatus FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator ServiceTestStatus(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
