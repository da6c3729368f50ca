using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Client;

/// <summary>
/// The <c>code</c> of the gateway's error body <c>{uuid, code, messages}</c> (Tenant API 1.17, Tenant Updates API 1.14).
/// </summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<GatewayErrorCode>))]
public readonly record struct GatewayErrorCode : IExtensibleEnum<GatewayErrorCode>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public GatewayErrorCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>An unexpected gateway error (<c>GATEWAY_FAULT</c>).</summary>
    public static GatewayErrorCode GatewayFault { get; } = new("GATEWAY_FAULT");

    /// <summary>Well-formed but failed validation (<c>INVALID_REQUEST</c>).</summary>
    public static GatewayErrorCode InvalidRequest { get; } = new("INVALID_REQUEST");

    /// <summary>Malformed, or a mandatory field is missing (<c>MALFORMED_REQUEST</c>).</summary>
    public static GatewayErrorCode MalformedRequest { get; } = new("MALFORMED_REQUEST");

    /// <summary>Missing, invalid or expired authentication (<c>NOT_AUTHORISED</c>).</summary>
    public static GatewayErrorCode NotAuthorised { get; } = new("NOT_AUTHORISED");

    /// <summary>The identifier was not found (<c>NOT_FOUND</c>).</summary>
    public static GatewayErrorCode NotFound { get; } = new("NOT_FOUND");

    /// <summary>Not implemented by the gateway or supplier (<c>NOT_IMPLEMENTED</c>).</summary>
    public static GatewayErrorCode NotImplemented { get; } = new("NOT_IMPLEMENTED");

    /// <summary>The upstream supplier call failed (<c>SUPPLIER_FAULT</c>).</summary>
    public static GatewayErrorCode SupplierFault { get; } = new("SUPPLIER_FAULT");

    /// <summary>The upstream supplier did not answer in time (<c>SUPPLIER_TIMED_OUT</c>).</summary>
    public static GatewayErrorCode SupplierTimedOut { get; } = new("SUPPLIER_TIMED_OUT");

    /// <summary>A fault on the tenant's side (<c>TENANT_FAULT</c>).</summary>
    public static GatewayErrorCode TenantFault { get; } = new("TENANT_FAULT");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<GatewayErrorCode> KnownValues { get; } = [GatewayFault, InvalidRequest, MalformedRequest, NotAuthorised, NotFound, NotImplemented, SupplierFault, SupplierTimedOut, TenantFault];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc />
    public static GatewayErrorCode FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator GatewayErrorCode(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
