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
            return (new JsonObject
            {
                ["outcome"] = "created",
                ["requestId"] = result.Correlation.RequestId,
                ["conversationId"] = result.Correlation.ConversationId,
                ["cancellation"] = JsonSerializer.SerializeToNode(result.Response.Value, JsonLines.Options),
            }, Created);
        }

        if (result.Error is FibreCafeValidationException invalid)
        {
            throw new SampleUsageException(invalid.Message);
        }

        var error = (FibreCafeApiException)result.Error;
        var unavailable = error is FibreCafeUnavailableException || error is FibreCafeAuthenticationException { IsTransient: true };
        var line = new JsonObject
        {
            ["outcome"] = unavailable ? "unavailable" : "rejected",
            ["status"] = error.Status,
            ["code"] = error.Code?.Value ?? (error as FibreCafeAuthenticationException)?.OAuthError,
            ["messages"] = new JsonArray(error.Messages.Select(m => (JsonNode?)m).ToArray()),
            ["uuid"] = error.ErrorUuid,
            ["requestId"] = result.Correlation.RequestId,
            ["conversationId"] = result.Correlation.ConversationId,
        };
        if (error is FibreCafeUnavailableException u)
        {
            line["mayHaveBeenProcessed"] = u.MayHaveBeenProcessed;
            line["retryAfterSeconds"] = u.RetryAfter?.TotalSeconds;
        }

        return (line, unavailable ? Unavailable : Rejected);
    }
}
