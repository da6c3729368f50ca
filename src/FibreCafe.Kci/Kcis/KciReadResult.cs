using FibreCafe.Client;

namespace FibreCafe.Kci.Kcis;

/// <summary>The outcome of reading one KCI body: the envelope, or the gateway-shaped reason it was refused.</summary>
internal sealed record KciReadResult
{
    public KciEnvelope? Envelope { get; private init; }

    /// <summary>Gets the envelope's entity, bound once to its type (order, problem or test); <see langword="null"/> for an unknown entity type.</summary>
    public KciEntity? Entity { get; private init; }

    /// <summary>Gets the ordering key: entity type and entity id (see <see cref="KciEntityKey"/>).</summary>
    public string EntityKey { get; private init; } = string.Empty;

    public int StatusCode { get; private init; }

    public GatewayErrorCode? ErrorCode { get; private init; }

    public IReadOnlyList<string> Messages { get; private init; } = [];

    public bool IsValid => Envelope is not null;

    public static KciReadResult Success(KciEnvelope envelope, KciEntity? entity) =>
        new() { Envelope = envelope, Entity = entity, EntityKey = KciEntityKey.Of(envelope), StatusCode = 204 };

    /// <summary>Not JSON, or not a JSON object: <c>400 MALFORMED_REQUEST</c>.</summary>
    public static KciReadResult Malformed(string message) =>
        new() { StatusCode = 400, ErrorCode = GatewayErrorCode.MalformedRequest, Messages = [message] };

    /// <summary>A required field is missing or a field is invalid: <c>422 INVALID_REQUEST</c>.</summary>
    public static KciReadResult Invalid(IReadOnlyList<string> messages) =>
        new() { StatusCode = 422, ErrorCode = GatewayErrorCode.InvalidRequest, Messages = messages };
}
