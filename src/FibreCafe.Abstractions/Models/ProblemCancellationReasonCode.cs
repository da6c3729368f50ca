using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Client;

/// <summary>
/// Why a service problem (fault ticket) is cancelled (<c>ProblemCancellationReasonCode</c> of <c>POST /service-problem-cancellations</c>).
/// </summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<ProblemCancellationReasonCode>))]
public readonly record struct ProblemCancellationReasonCode : IExtensibleEnum<ProblemCancellationReasonCode>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public ProblemCancellationReasonCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The issue resolved itself (<c>ISSUE_RESOLVED</c>).</summary>
    public static ProblemCancellationReasonCode IssueResolved { get; } = new("ISSUE_RESOLVED");

    /// <summary>The fault lies in the customer's own network (<c>CUSTOMER_NETWORK_ISSUE</c>).</summary>
    public static ProblemCancellationReasonCode CustomerNetworkIssue { get; } = new("CUSTOMER_NETWORK_ISSUE");

    /// <summary>The ticket is no longer required (<c>NO_LONGER_REQUIRED</c>).</summary>
    public static ProblemCancellationReasonCode NoLongerRequired { get; } = new("NO_LONGER_REQUIRED");

    /// <summary>Another reason, explained in the text (<c>OTHER</c>).</summary>
    public static ProblemCancellationReasonCode Other { get; } = new("OTHER");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<ProblemCancellationReasonCode> KnownValues { get; } = [IssueResolved, CustomerNetworkIssue, NoLongerRequired, Other];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc />
    public static ProblemCancellationReasonCode FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator ProblemCancellationReasonCode(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
