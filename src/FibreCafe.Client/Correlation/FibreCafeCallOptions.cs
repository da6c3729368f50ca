namespace FibreCafe.Client;

/// <summary>Per-call settings for an <see cref="IFibreCafeClient"/> operation.</summary>
public sealed record FibreCafeCallOptions
{
    /// <summary>
    /// Gets the <c>X-Request-ID</c> to send; a new UUID when <see langword="null"/>. It is sent
    /// unchanged on every retry of the call.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// Gets the <c>X-Conversation-ID</c> to send; when <see langword="null"/>, the ambient
    /// <see cref="FibreCafeConversation"/> or else a new UUID.
    /// </summary>
    public string? ConversationId { get; init; }
}
