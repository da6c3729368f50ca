using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>updateType</c> of a KCI: which of <c>information</c>, <c>action</c> or <c>error</c> it carries.</summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<KciUpdateType>))]
public readonly record struct KciUpdateType : IExtensibleEnum<KciUpdateType>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public KciUpdateType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Progress or a change of the entity; the KCI carries <c>information</c> (<c>INFORMATIONAL</c>).</summary>
    public static KciUpdateType Informational { get; } = new("INFORMATIONAL");

    /// <summary>The tenant must act; the KCI carries <c>action</c> (<c>ACTION_REQUIRED</c>).</summary>
    public static KciUpdateType ActionRequired { get; } = new("ACTION_REQUIRED");

    /// <summary>The gateway could not deliver something to the supplier; the KCI carries <c>error</c> (<c>ERROR</c>).</summary>
    public static KciUpdateType Error { get; } = new("ERROR");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<KciUpdateType> KnownValues { get; } = [Informational, ActionRequired, Error];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc />
    public static KciUpdateType FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator KciUpdateType(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
