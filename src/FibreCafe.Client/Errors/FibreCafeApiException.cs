using System.Globalization;

namespace FibreCafe.Client;

/// <summary>
/// The gateway did not answer a call with success. Subclasses say what a caller can do about it:
/// <see cref="FibreCafeInvalidRequestException"/>, <see cref="FibreCafeAuthenticationException"/>,
/// <see cref="FibreCafeForbiddenException"/> and <see cref="FibreCafeUnavailableException"/>.
/// </summary>
public class FibreCafeApiException : FibreCafeException
{
    /// <summary>The longest response body kept on an exception, in characters.</summary>
    public const int MaxResponseBodyLength = 4096;

    /// <summary>Initializes a new instance of the <see cref="FibreCafeApiException"/> class.</summary>
    /// <param name="status">The HTTP status, or <see langword="null"/> when no response arrived.</param>
    /// <param name="error">The parsed error body, if the response had one.</param>
    /// <param name="responseBody">The raw response body; truncated to <see cref="MaxResponseBodyLength"/>.</param>
    /// <param name="correlation">The ids of the call.</param>
    /// <param name="message">The message; composed from the other values when omitted.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public FibreCafeApiException(
        int? status,
        GatewayError? error,
        string? responseBody,
        FibreCafeCorrelation? correlation,
        string? message = null,
        Exception? innerException = null)
        : base(message ?? Describe(status, error, correlation), correlation, innerException)
    {
        Status = status;
        Code = error?.Code;
        Messages = error?.Messages ?? [];
        ErrorUuid = error?.Uuid;
        ResponseBody = Truncate(responseBody);
    }

    /// <summary>Gets the HTTP status, or <see langword="null"/> when no response arrived.</summary>
    public int? Status { get; }

    /// <summary>Gets the gateway's error <c>code</c>; unknown values are kept.</summary>
    public GatewayErrorCode? Code { get; }

    /// <summary>Gets the gateway's error <c>messages</c>.</summary>
    public IReadOnlyList<string> Messages { get; }

    /// <summary>Gets the gateway's error <c>uuid</c>; quote it to Fibre Cafe support.</summary>
    public string? ErrorUuid { get; }

    /// <summary>Gets the raw response body (truncated), kept even when it is not the gateway's JSON.</summary>
    public string? ResponseBody { get; }

    internal static string? Truncate(string? text) =>
        text is { Length: > MaxResponseBodyLength } ? string.Concat(text.AsSpan(0, MaxResponseBodyLength), "…") : text;

    private static string Describe(int? status, GatewayError? error, FibreCafeCorrelation? correlation)
    {
        var head = status is null
            ? "The Fibre Cafe gateway could not be reached"
            : string.Create(CultureInfo.InvariantCulture, $"The Fibre Cafe gateway answered {status}");
        var code = error?.Code is { } c ? $" {c}" : string.Empty;
        var messages = error is { Messages.Count: > 0 } ? ": " + Truncate(string.Join("; ", error.Messages)) : ".";
        var ids = $" (X-Request-ID {correlation?.RequestId}, X-Conversation-ID {correlation?.ConversationId}"
            + (error?.Uuid is { } uuid ? $", error uuid {uuid})" : ")");
        return head + code + messages + ids;
    }
}
