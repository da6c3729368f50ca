namespace FibreCafe.Client.Call;

/// <summary>
/// The correlation headers of a call: the caller's <c>X-Request-ID</c> and <c>X-Conversation-ID</c> are kept as they
/// are; a missing one is filled in (the ambient <see cref="FibreCafeConversation"/>, or a new UUID).
/// </summary>
internal static class CorrelationHeaders
{
    /// <summary>Resolves the call's ids from <paramref name="request"/> and sets the headers it lacks.</summary>
    public static FibreCafeCorrelation Fill(HttpRequestMessage request)
    {
        var correlation = FibreCafeCorrelation.Resolve(
            HeaderValue(request, FibreCafeHeaders.RequestId), HeaderValue(request, FibreCafeHeaders.ConversationId));
        SetIfMissing(request, FibreCafeHeaders.RequestId, correlation.RequestId);
        SetIfMissing(request, FibreCafeHeaders.ConversationId, correlation.ConversationId);
        return correlation;
    }

    private static void SetIfMissing(HttpRequestMessage request, string name, string value)
    {
        if (!request.Headers.NonValidated.Contains(name))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    // NonValidated: reading through the validating API would parse the value and copy it into a new array.
    private static string? HeaderValue(HttpRequestMessage request, string name)
    {
        if (request.Headers.NonValidated.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }
}
