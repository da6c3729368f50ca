using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>action.type</c> of an <c>ACTION_REQUIRED</c> KCI.</summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<KciActionType>))]
public readonly record struct KciActionType : IExtensibleEnum<KciActionType>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public KciActionType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The supplier needs information; send an amendment (<c>INFORMATION_REQUIRED</c>).</summary>
    public static KciActionType InformationRequired { get; } = new("INFORMATION_REQUIRED");

    /// <summary>Reserve a new appointment and amend the order (<c>REAPPOINT</c>).</summary>
    public static KciActionType Reappoint { get; } = new("REAPPOINT");

    /// <summary>The supplier rejected a request (order, amendment or cancellation); read the text, fix and send again (<c>RESUBMIT</c>).</summary>
    public static KciActionType Resubmit { get; } = new("RESUBMIT");

    /// <summary>Accept or reject a service problem resolution (<c>CONFIRM</c>).</summary>
    public static KciActionType Confirm { get; } = new("CONFIRM");

    /// <summary>The older name of <see cref="Resubmit"/> on some gateway pages (<c>REJECTION</c>).</summary>
    public static KciActionType Rejection { get; } = new("REJECTION");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<KciActionType> KnownValues { get; } = [InformationRequired, Reappoint, Resubmit, Confirm, Rejection];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <summary>Gets a value indicating whether the supplier rejected a request: <see cref="Resubmit"/> or its older name <see cref="Rejection"/>.</summary>
    public bool IsRejection => this == Resubmit || this == Rejection;

    /// <inheritdoc />
    public static KciActionType FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator KciActionType(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
