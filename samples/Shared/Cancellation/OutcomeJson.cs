using System.Text.Json;
using System.Text.Json.Nodes;
using FibreCafe.Client;

namespace FibreCafe.Samples;

/// <summary>The first stdout line of a cancellation sample, and its exit code.</summary>
internal static class OutcomeJson
{
    public const int Created = 0;
    public const int Rejected = 1;
    public const int InvalidArguments = 2;
    public const int Unavailable = 3;

    public static (JsonObject Line, int ExitCode) Of<T>(FibreCafeResult<T> result)
    {
        if (result.IsSuccess)
        {
            return (CreatedLine(result.Correlation.RequestId, result.Correlation.ConversationId, JsonSerializer.SerializeToNode(result.Response.Value, JsonLines.Options)), Created);
        }

        if (result.Error is FibreCafeValidationException invalid)
        {
            throw new SampleUsageException(invalid.Message);
        }

        var error = (FibreCafeApiException)result.Error;
        var unavailable = error is FibreCafeUnavailableException || error is FibreCafeAuthenticationException { IsTransient: true };
        var line = FailedLine(
            unavailable, error.Status, error.Code?.Value ?? (error as FibreCafeAuthenticationException)?.OAuthError, error.Messages,
            error.ErrorUuid, result.Correlation.RequestId, result.Correlation.ConversationId);
        if (error is FibreCafeUnavailableException u)
        {
            line["mayHaveBeenProcessed"] = u.MayHaveBeenProcessed;
            line["retryAfterSeconds"] = u.RetryAfter?.TotalSeconds;
        }

        return (line, unavailable ? Unavailable : Rejected);
    }

    /// <summary>The <c>created</c> line: the ids that were sent and the gateway's 201 body.</summary>
    public static JsonObject CreatedLine(string? requestId, string? conversationId, JsonNode? cancellation) => new()
    {
        ["outcome"] = "created",
        ["requestId"] = requestId,
        ["conversationId"] = conversationId,
        ["cancellation"] = cancellation,
    };

    /// <summary>The <c>rejected</c> or <c>unavailable</c> line: the gateway's error and the ids that were sent.</summary>
    public static JsonObject FailedLine(
        bool unavailable, int? status, string? code, IEnumerable<string> messages, string? uuid, string? requestId, string? conversationId) => new()
    {
        ["outcome"] = unavailable ? "unavailable" : "rejected",
        ["status"] = status,
        ["code"] = code,
        ["messages"] = new JsonArray(messages.Select(m => (JsonNode?)m).ToArray()),
        ["uuid"] = uuid,
        ["requestId"] = requestId,
        ["conversationId"] = conversationId,
    };
}
