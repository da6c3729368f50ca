using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Client;

/// <summary>
/// Why a service order is cancelled (<c>CancellationReasonCode</c> of <c>POST /service-order-cancellations</c>).
/// </summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<OrderCancellationReasonCode>))]
public readonly record struct OrderCancellationReasonCode : IExtensibleEnum<OrderCancellationReasonCode>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public OrderCancellationReasonCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The customer changed their mind (<c>CUSTOMER_CHANGED_MIND</c>).</summary>
    public static OrderCancellationReasonCode CustomerChangedMind { get; } = new("CUSTOMER_CHANGED_MIND");

    /// <summary>The installation failed (<c>INSTALL_FAILED</c>).</summary>
    public static OrderCancellationReasonCode InstallFailed { get; } = new("INSTALL_FAILED");

    /// <summary>A network issue prevents the order (<c>NETWORK_ISSUE</c>).</summary>
    public static OrderCancellationReasonCode NetworkIssue { get; } = new("NETWORK_ISSUE");

    /// <summary>The service is no longer required (<c>NO_LONGER_REQUIRED</c>).</summary>
    public static OrderCancellationReasonCode NoLongerRequired { get; } = new("NO_LONGER_REQUIRED");

    /// <summary>Another reason, explained in the text (<c>OTHER</c>).</summary>
    public static OrderCancellationReasonCode Other { get; } = new("OTHER");

    /// <summary>Unsolicited cease: the end user gave no authorisation (<c>NO_AUTHORISATION</c>).</summary>
    public static OrderCancellationReasonCode NoAuthorisation { get; } = new("NO_AUTHORISATION");

    /// <summary>Unsolicited cease: the customer was not aware (<c>CUSTOMER_NOT_AWARE</c>).</summary>
    public static OrderCancellationReasonCode CustomerNotAware { get; } = new("CUSTOMER_NOT_AWARE");

    /// <summary>Unsolicited cease: the customer was deliberately misled (<c>DELIBERATE_MISLEAD</c>).</summary>
    public static OrderCancellationReasonCode DeliberateMislead { get; } = new("DELIBERATE_MISLEAD");

    /// <summary>Unsolicited cease: the customer purchased a different product (<c>PURCHASED_DIFFERENT_PRODUCT</c>).</summary>
    public static OrderCancellationReasonCode PurchasedDifferentProduct { get; } = new("PURCHASED_DIFFERENT_PRODUCT");

    /// <summary>Unsolicited cease: the end user is not moving (<c>END_USER_NOT_MOVING</c>).</summary>
    public static OrderCancellationReasonCode EndUserNotMoving { get; } = new("END_USER_NOT_MOVING");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<OrderCancellationReasonCode> KnownValues { get; } = [CustomerChangedMind, InstallFailed, NetworkIssue, NoLongerRequired, Other, NoAuthorisation, CustomerNotAware, DeliberateMislead, PurchasedDifferentProduct, EndUserNotMoving];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <summary>Gets a value indicating whether this is one of the five "cancellation other" (unsolicited cease) codes.</summary>
    public bool IsUnsolicitedCease =>
        this == NoAuthorisation || this == CustomerNotAware || this == DeliberateMislead
        || this == PurchasedDifferentProduct || this == EndUserNotMoving;

    /// <inheritdoc />
    public static OrderCancellationReasonCode FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator OrderCancellationReasonCode(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
