namespace FibreCafe.Client;

/// <summary>The names of the correlation headers every Tenant API call carries.</summary>
public static class FibreCafeHeaders
{
    /// <summary>A unique id per logical call, identical on each retry of it: <c>X-Request-ID</c>.</summary>
    public const string RequestId = "X-Request-ID";

    /// <summary>An id that follows a whole business conversation across the gateway: <c>X-Conversation-ID</c>.</summary>
    public const string ConversationId = "X-Conversation-ID";
}
