namespace FibreCafe.Client;

/// <summary>The gateway's error body <c>{uuid, code, messages}</c>, used by every 4xx/5xx that has a body and by ERROR KCIs.</summary>
public sealed record GatewayError
{
    /// <summary>Gets the trace id of this error; quote it to Fibre Cafe support.</summary>
    public string? Uuid { get; init; }

    /// <summary>Gets the error code; unknown values are kept.</summary>
    public GatewayErrorCode? Code { get; init; }

    /// <summary>Gets the human-readable messages.</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];
}
