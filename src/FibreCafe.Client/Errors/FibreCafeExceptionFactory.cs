using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FibreCafe.Client.Errors;

/// <summary>Turns a non-success answer, or a failure to get one, into the typed exception a caller can act on.</summary>
internal static class FibreCafeExceptionFactory
{
    public static FibreCafeApiException FromResponse(
        HttpStatusCode statusCode,
        GatewayError? error,
        string? body,
        TimeSpan? retryAfter,
        FibreCafeCorrelation correlation)
    {
        var status = (int)statusCode;
        return status switch
        {
            400 or 422 => new FibreCafeInvalidRequestException(status, error, body, correlation),
            401 => new FibreCafeAuthenticationException(error, body, correlation),
            403 => new FibreCafeForbiddenException(status, error, body, correlation),
            408 or 429 or >= 500 => new FibreCafeUnavailableException(
                status, error, body, correlation, retryAfter, mayHaveBeenProcessed: status == 500),
            _ => new FibreCafeApiException(status, error, body, correlation),
        };
    }

    /// <summary>Maps a failure that left no response; returns <see langword="null"/> for exceptions that are not the gateway's fault.</summary>
    public static FibreCafeApiException? FromTransportFailure(Exception exception, FibreCafeCorrelation correlation)
    {
        var inner = exception is Refit.ApiRequestException { InnerException: { } cause } ? cause : exception;
        return inner switch
        {
            FibreCafeApiException typed => typed,
            BrokenCircuitException => Unavailable("The circuit breaker is open after repeated failures; the call was not sent.", false),
            TimeoutRejectedException => Unavailable("The call timed out.", true),
            HttpRequestException http => Unavailable($"The gateway could not be reached ({http.HttpRequestError}).", !IsConnectFailure(http)),
            IOException => Unavailable("The connection to the gateway broke.", true),
            _ => null,
        };

        FibreCafeUnavailableException Unavailable(string what, bool mayHaveBeenProcessed) =>
            new(null, null, null, correlation, null, mayHaveBeenProcessed,
                $"{what} (X-Request-ID {correlation.RequestId}, X-Conversation-ID {correlation.ConversationId}).",
                inner);
    }

    /// <summary>Whether the request certainly never reached the gateway, so sending it again is safe.</summary>
    public static bool IsConnectFailure(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError
            or HttpRequestError.ProxyTunnelError;
}
