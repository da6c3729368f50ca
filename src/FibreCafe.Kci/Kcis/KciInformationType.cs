using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>information.type</c> of an <c>INFORMATIONAL</c> KCI.</summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<KciInformationType>))]
public readonly record struct KciInformationType : IExtensibleEnum<KciInformationType>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public KciInformationType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The supplier created an order (unsolicited cease only) (<c>CREATED</c>).</summary>
    public static KciInformationType Created { get; } = new("CREATED");

    /// <summary>The supplier acknowledged receipt (KCI1) (<c>ACKNOWLEDGED</c>).</summary>
    public static KciInformationType Acknowledged { get; } = new("ACKNOWLEDGED");

    /// <summary>The supplier committed to a date (KCI2) (<c>COMMITTED</c>).</summary>
    public static KciInformationType Committed { get; } = new("COMMITTED");

    /// <summary>An issue causes a delay (<c>DELAY</c>).</summary>
    public static KciInformationType Delay { get; } = new("DELAY");

    /// <summary>A delay was resolved (<c>RESUMED</c>).</summary>
    public static KciInformationType Resumed { get; } = new("RESUMED");

    /// <summary>The supplier re-appointed (<c>REAPPOINTED</c>).</summary>
    public static KciInformationType Reappointed { get; } = new("REAPPOINTED");

    /// <summary>Extra information was supplied (<c>ADDITIONAL</c>).</summary>
    public static KciInformationType Additional { get; } = new("ADDITIONAL");

    /// <summary>A warning was flagged (<c>WARNING</c>).</summary>
    public static KciInformationType Warning { get; } = new("WARNING");

    /// <summary>A general update, also the gateway's "sent to supplier" KCI (<c>UPDATE</c>).</summary>
    public static KciInformationType Update { get; } = new("UPDATE");

    /// <summary>A requested amendment was accepted (<c>AMENDED</c>).</summary>
    public static KciInformationType Amended { get; } = new("AMENDED");

    /// <summary>A requested cancellation was accepted; the entity is cancelled (<c>CANCELLED</c>).</summary>
    public static KciInformationType Cancelled { get; } = new("CANCELLED");

    /// <summary>The supplier ended the entity without fulfilment (<c>TERMINATED</c>).</summary>
    public static KciInformationType Terminated { get; } = new("TERMINATED");

    /// <summary>The entity was completed (KCI3) (<c>COMPLETED</c>).</summary>
    public static KciInformationType Completed { get; } = new("COMPLETED");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<KciInformationType> KnownValues { get; } = [Created, Acknowledged, Committed, Delay, Resumed, Reappointed, Additional, Warning, Update, Amended, Cancelled, Terminated, Completed];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc />
    public static KciInformationType FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator KciInformationType(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
