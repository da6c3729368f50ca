namespace FibreCafe.Client;

/// <summary>The correlation ids that were (or would have been) sent with one logical call.</summary>
/// <param name="RequestId">The <c>X-Request-ID</c> value.</param>
/// <param name="ConversationId">The <c>X-Conversation-ID</c> value.</param>
public readonly record struct FibreCafeCorrelation(string RequestId, string ConversationId)
{
    /// <summary>
    /// Resolves the ids of a new logical call: the caller's values win; otherwise the request id is a
    /// new UUID and the conversation id comes from the ambient <see cref="FibreCafeConversation"/>,
    /// else a new UUID.
    /// </summary>
    /// <param name="requestId">A caller-supplied request id, or <see langword="null"/>.</param>
    /// <param name="conversationId">A caller-supplied conversation id, or <see langword="null"/>.</param>
    /// <returns>The ids to send.</returns>
    public static FibreCafeCorrelation Resolve(string? requestId = null, string? conversationId = null) =>
        new(
            string.IsNullOrWhiteSpace(requestId) ? NewId() : requestId,
            string.IsNullOrWhiteSpace(conversationId) ? FibreCafeConversation.CurrentId ?? NewId() : conversationId);

    /// <summary>Creates a new id in the form the gateway's support pages suggest: a lower-case UUID.</summary>
    /// <returns>A new UUID string.</returns>
    public static string NewId() => Guid.NewGuid().ToString("D");
}
