using System.Text.Json.Serialization;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>status</c> of a service problem (fault ticket) entity.</summary>
/// <remarks>Unknown values from the gateway are kept as they arrived; compare with the named members.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<ServiceProblemStatus>))]
public readonly record struct ServiceProblemStatus : IExtensibleEnum<ServiceProblemStatus>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance from its wire value.</summary>
    /// <param name="value">The wire value, known or not.</param>
    public ServiceProblemStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The gateway received the problem (<c>RECEIVED_BY_GATEWAY</c>).</summary>
    public static ServiceProblemStatus ReceivedByGateway { get; } = new("RECEIVED_BY_GATEWAY");

    /// <summary>The gateway sent the problem to the supplier (<c>SENT_TO_SUPPLIER</c>).</summary>
    public static ServiceProblemStatus SentToSupplier { get; } = new("SENT_TO_SUPPLIER");

    /// <summary>The gateway could not send the problem to the supplier (terminal) (<c>FAILED_TO_SEND</c>).</summary>
    public static ServiceProblemStatus FailedToSend { get; } = new("FAILED_TO_SEND");

    /// <summary>The supplier rejected the problem (terminal) (<c>REJECTED</c>).</summary>
    public static ServiceProblemStatus Rejected { get; } = new("REJECTED");

    /// <summary>The supplier acknowledged the problem (<c>ACKNOWLEDGED</c>).</summary>
    public static ServiceProblemStatus Acknowledged { get; } = new("ACKNOWLEDGED");

    /// <summary>The supplier is working on the problem (<c>IN_PROGRESS</c>).</summary>
    public static ServiceProblemStatus InProgress { get; } = new("IN_PROGRESS");

    /// <summary>The problem waits for the tenant (<c>PENDING</c>).</summary>
    public static ServiceProblemStatus Pending { get; } = new("PENDING");

    /// <summary>The problem is on hold (<c>HELD</c>).</summary>
    public static ServiceProblemStatus Held { get; } = new("HELD");

    /// <summary>The problem is part of a network incident (<c>NETWORK_INCIDENT</c>).</summary>
    public static ServiceProblemStatus NetworkIncident { get; } = new("NETWORK_INCIDENT");

    /// <summary>An amendment awaits the supplier's decision (<c>PENDING_AMENDMENT</c>).</summary>
    public static ServiceProblemStatus PendingAmendment { get; } = new("PENDING_AMENDMENT");

    /// <summary>A cancellation awaits the supplier's decision (<c>PENDING_CANCELLATION</c>).</summary>
    public static ServiceProblemStatus PendingCancellation { get; } = new("PENDING_CANCELLATION");

    /// <summary>The problem is cancelled (<c>CANCELLED</c>).</summary>
    public static ServiceProblemStatus Cancelled { get; } = new("CANCELLED");

    /// <summary>The supplier resolved the problem (<c>RESOLVED</c>).</summary>
    public static ServiceProblemStatus Resolved { get; } = new("RESOLVED");

    /// <summary>The problem is closed (<c>COMPLETED</c>).</summary>
    public static ServiceProblemStatus Completed { get; } = new("COMPLETED");

    /// <summary>Gets every value this version of the library knows by name.</summary>
    public static IReadOnlyList<ServiceProblemStatus> KnownValues { get; } = [ReceivedByGateway, SentToSupplier, FailedToSend, Rejected, Acknowledged, InProgress, Pending, Held, NetworkIncident, PendingAmendment, PendingCancellation, Cancelled, Resolved, Completed];

    /// <summary>Gets the wire value; empty for a default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc />
    public static ServiceProblemStatus FromValue(string value) => new(value);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator ServiceProblemStatus(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
