using FibreCafe.Client;
using FibreCafe.Kci.Endpoint;
using FibreCafe.Kci.Kcis;

namespace FibreCafe.Kci;

/// <summary>
/// The outcome of parsing one KCI body with <see cref="KciParser"/> (and at <c>POST /kcis</c>): the envelope, or the
/// status, gateway error code and field-named messages the endpoint answers with.
/// </summary>
public sealed class KciParseResult
{
    private KciParseResult()
    {
    }

    /// <summary>Gets a value indicating whether the body is a KCI the receiver accepts; then <see cref="Envelope"/> is set.</summary>
    public bool IsValid => Envelope is not null;

    /// <summary>Gets the parsed KCI, or <see langword="null"/> when the body was refused.</summary>
    public KciEnvelope? Envelope { get; private init; }

    /// <summary>
    /// Gets the status the endpoint answers: 204 for a valid KCI (once stored), 400 <c>MALFORMED_REQUEST</c> for a
    /// body that is not one JSON object in UTF-8, 413 for one over the size limit, 422 <c>INVALID_REQUEST</c> for a
    /// missing or invalid field.
    /// </summary>
    public int StatusCode { get; private init; }

    /// <summary>Gets the gateway error code of a refusal; <see langword="null"/> when valid.</summary>
    public GatewayErrorCode? ErrorCode { get; private init; }

    /// <summary>Gets the messages of a refusal, each naming its field (e.g. <c>entity.serviceOrder.status is required.</c>); empty when valid.</summary>
    public IReadOnlyList<string> Messages { get; private init; } = [];

    /// <summary>Gets the envelope's entity, bound once to its type (order, problem or test); <see langword="null"/> for an unknown entity type.</summary>
    internal KciEntity? Entity { get; private init; }

    /// <summary>Gets the ordering key: entity type and entity id (see <see cref="KciEntityKey"/>).</summary>
    internal string EntityKey { get; private init; } = string.Empty;

    /// <summary>
    /// Gets the refusal as the gateway's error body <c>{uuid, code, messages}</c> with a new uuid (log it next to the
    /// refusal), to answer a delivery as the endpoint does.
    /// </summary>
    /// <returns>The error body.</returns>
    /// <exception cref="InvalidOperationException">The body was valid.</exception>
    public GatewayError ToGatewayError() => IsValid
        ? throw new InvalidOperationException("A valid KCI has no error.")
        : GatewayErrorResponse.New(ErrorCode, Messages);

    /// <summary>
    /// Gets the entry to add to <see cref="IKciInbox"/> for this KCI, pending and due at once, as <c>POST /kcis</c>
    /// stores it: add it, and acknowledge the delivery only once <see cref="IKciInbox.AddAsync"/> returned.
    /// </summary>
    /// <param name="body">The body as received (what was parsed): it is stored as is, and dispatched from.</param>
    /// <param name="receivedAt">When it was received (the host's <see cref="TimeProvider"/>).</param>
    /// <param name="requestId">The delivery's <c>X-Request-ID</c>, if any.</param>
    /// <param name="conversationId">The delivery's <c>X-Conversation-ID</c>, if any.</param>
    /// <returns>The inbox entry.</returns>
    /// <exception cref="InvalidOperationException">The body was refused.</exception>
    public KciInboxEntry ToInboxEntry(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, string? requestId, string? conversationId)
    {
        var envelope = Envelope ?? throw new InvalidOperationException("A refused body has no inbox entry.");
        return new KciInboxEntry
        {
            KciId = envelope.Id,
            EntityKey = EntityKey,
            SequenceNumber = envelope.SequenceNumber,
            EntityType = envelope.EntityType,
            UpdateType = envelope.UpdateType,
            Supplier = envelope.Supplier,
            DeliveredOn = envelope.DeliveredOn,
            ReceivedAt = receivedAt,
            RequestId = requestId,
            ConversationId = conversationId,
            Body = body,
            NextAttemptAt = receivedAt,
        };
    }

    internal static KciParseResult Success(KciEnvelope envelope, KciEntity? entity) =>
        new() { Envelope = envelope, Entity = entity, EntityKey = KciEntityKey.Of(envelope), StatusCode = 204 };

    /// <summary>Not JSON, or not a JSON object: <c>400 MALFORMED_REQUEST</c>.</summary>
    internal static KciParseResult Malformed(string message) =>
        new() { StatusCode = 400, ErrorCode = GatewayErrorCode.MalformedRequest, Messages = [message] };

    /// <summary>A required field is missing or a field is invalid: <c>422 INVALID_REQUEST</c>.</summary>
    internal static KciParseResult Invalid(IReadOnlyList<string> messages) =>
        new() { StatusCode = 422, ErrorCode = GatewayErrorCode.InvalidRequest, Messages = messages };

    /// <summary>Larger than the limit: <c>413 INVALID_REQUEST</c>.</summary>
    internal static KciParseResult TooLarge(long maxBytes) =>
        new() { StatusCode = 413, ErrorCode = GatewayErrorCode.InvalidRequest, Messages = [TooLargeMessage(maxBytes)] };

    internal static string TooLargeMessage(long maxBytes) => $"The body is larger than {maxBytes} bytes.";
}
