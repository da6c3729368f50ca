using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>entityType</c> of a KCI: what kind of object its <c>entity</c> is.</summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<KciEntityType>))]
public readonly record struct KciEntityType : IExtensibleEnum<KciEntityType>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public KciEntityType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>A provide service order (<c>PROVIDE_ORDER</c>).</summary>
    public static KciEntityType ProvideOrder { get; } = new("PROVIDE_ORDER");

    /// <summary>A modify service order (<c>MODIFY_ORDER</c>).</summary>
    public static KciEntityType ModifyOrder { get; } = new("MODIFY_ORDER");

    /// <summary>A cease service order (<c>CEASE_ORDER</c>).</summary>
    public static KciEntityType CeaseOrder { get; } = new("CEASE_ORDER");

    /// <summary>A cease order the supplier created on its own (unsolicited cease) (<c>UNSOLICITED_CEASE_ORDER</c>).</summary>
    public static KciEntityType UnsolicitedCeaseOrder { get; } = new("UNSOLICITED_CEASE_ORDER");

    /// <summary>A service (line) test (<c>SERVICE_TEST</c>).</summary>
    public static KciEntityType ServiceTest { get; } = new("SERVICE_TEST");

    /// <summary>A service problem (fault ticket) (<c>SERVICE_PROBLEM</c>).</summary>
    public static KciEntityType ServiceProblem { get; } = new("SERVICE_PROBLEM");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<KciEntityType> KnownValues { get; } = [ProvideOrder, ModifyOrder, CeaseOrder, UnsolicitedCeaseOrder, ServiceTest, ServiceProblem];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <summary>Gets a value indicating whether the entity is a service order of any kind (provide, modify, cease or unsolicited cease).</summary>
    public bool IsServiceOrder => this == ProvideOrder || this == ModifyOrder || this == CeaseOrder || this == UnsolicitedCeaseOrder;

    /// <inheritdoc />
    public static KciEntityType FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator KciEntityType(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
