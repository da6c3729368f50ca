using System.Net;
using FibreCafe.Client.Correlation;
using FibreCafe.Client.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace FibreCafe.Client.Resilience;

/// <summary>
/// Decides which failures are retried. Safe to retry: a connection that never reached the gateway, a
/// transient token endpoint failure, 408, 429, 502, 503 and 504. Ambiguous (the gateway may have acted,
/// and it offers no idempotency key): 500, an attempt timeout, a broken connection; retried only when
/// <see cref="FibreCafeResilienceOptions.RetryAmbiguousFailures"/> is set. Never: every other status.
/// A <c>Retry-After</c> that would outlast the total timeout ends the call at once.
/// </summary>
internal sealed class RetryClassifier(FibreCafeResilienceOptions options, TimeProvider timeProvider, ILogger logger)
{
    public bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request) =>
        outcome.Exception is { } exception ? IsRetriable(exception) : IsRetriable(outcome.Result!, request);

    public TimeSpan? RetryAfterDelay(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? RetryAfter.Of(response.Headers, timeProvider) : null;

    /// <summary>What the circuit breaker counts as a failure of the gateway.</summary>
    public static bool IsGatewayFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException
        || outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or >= HttpStatusCode.InternalServerError;

    private bool IsRetriable(Exception exception) => exception switch
    {
        FibreCafeAuthenticationException { IsTokenRequestFailure: true, IsTransient: true } => true,
        HttpRequestException http when FibreCafeExceptionFactory.IsConnectFailure(http) => true,
        HttpRequestException or IOException or TimeoutRejectedException => options.RetryAmbiguousFailures,
        _ => false,
    };

    private bool IsRetriable(HttpResponseMessage response, HttpRequestMessage? request)
    {
        var retriable = response.StatusCode switch
        {
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => true,
            HttpStatusCode.InternalServerError => options.RetryAmbiguousFailures,
            _ => false,
        };
        return retriable && WaitFitsBudget(response, request);
    }

    private bool WaitFitsBudget(HttpResponseMessage response, HttpRequestMessage? request)
    {
        if (RetryAfter.Of(response.Headers, timeProvider) is not { } wait
            || FibreCafeCallState.Of(request ?? response.RequestMessage) is not { } state)
        {
            return true;
        }

        var remaining = state.Deadline - timeProvider.GetUtcNow();
        if (wait < remaining)
        {
            return true;
        }

        Log.RetryAfterBeyondBudget(logger, wait.TotalMilliseconds, remaining.TotalMilliseconds);
        return false;
    }
}
