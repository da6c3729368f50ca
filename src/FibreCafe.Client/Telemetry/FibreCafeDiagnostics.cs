using System.Diagnostics;

namespace FibreCafe.Client;

/// <summary>Names of the client's telemetry sources, for OpenTelemetry registration.</summary>
public static class FibreCafeDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <c>Meter</c>: <c>FibreCafe.Client</c>.</summary>
    public const string SourceName = "FibreCafe.Client";

    /// <summary>Tag holding the <c>X-Request-ID</c> of the call.</summary>
    public const string RequestIdTag = "fibrecafe.request_id";

    /// <summary>Tag holding the <c>X-Conversation-ID</c> of the call.</summary>
    public const string ConversationIdTag = "fibrecafe.conversation_id";

    /// <summary>Tag holding the 1-based attempt number (per attempt) or the number of attempts made (per call).</summary>
    public const string AttemptTag = "fibrecafe.attempt";

    /// <summary>Tag holding the gateway's error <c>code</c>, when it answered with one.</summary>
    public const string ErrorCodeTag = "fibrecafe.error_code";

    /// <summary>
    /// Tag holding the name of a named client (<c>AddFibreCafeClient(name, ...)</c>) on its call and attempt activities
    /// and on every <c>fibrecafe.client.*</c> measurement; the unnamed client's carry no such tag.
    /// </summary>
    public const string ClientNameTag = "fibrecafe.client.name";

    /// <summary>Tag holding the HTTP status code (OpenTelemetry semantic convention).</summary>
    public const string StatusCodeTag = "http.response.status_code";

    internal static readonly ActivitySource ActivitySource = new(SourceName, ThisAssembly.Version);
}
