using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Client;

/// <summary>
/// The state of a cancellation request in the gateway's "state model for amendment and cancellation requests".
/// </summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<CancellationStatus>))]
public readonly record struct CancellationStatus : IExtensibleEnum<CancellationStatus>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public CancellationStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The gateway received the request (<c>RECEIVED_BY_GATEWAY</c>).</summary>
    public static CancellationStatus ReceivedByGateway { get; } = new("RECEIVED_BY_GATEWAY");

    /// <summary>The supplier is still deciding (<c>PENDING</c>).</summary>
    public static CancellationStatus Pending { get; } = new("PENDING");

    /// <summary>The gateway could not deliver the request to the supplier (<c>FAILED_TO_SEND</c>).</summary>
    public static CancellationStatus FailedToSend { get; } = new("FAILED_TO_SEND");

    /// <summary>The supplier rejected the request (<c>REJECTED</c>).</summary>
    public static CancellationStatus Rejected { get; } = new("REJECTED");

    /// <summary>The supplier accepted the request; the order or problem is cancelled (<c>COMPLETED</c>).</summary>
    public static CancellationStatus Completed { get; } = new("COMPLETED");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<CancellationStatus> KnownValues { get; } = [ReceivedByGateway, Pending, FailedToSend, Rejected, Completed];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <summary>Gets a value indicating whether no further change of state is expected.</summary>
    public bool IsTerminal => this == FailedToSend || this == Rejected || this == Completed;

    /// <inheritdoc />
    public static CancellationStatus FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator CancellationStatus(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
