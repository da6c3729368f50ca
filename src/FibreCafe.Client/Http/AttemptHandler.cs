using System.Diagnostics;
using System.Net;
using FibreCafe.Client.Authentication;
using FibreCafe.Client.Correlation;
using FibreCafe.Client.DependencyInjection;
using FibreCafe.Client.Resilience;
using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Client.Http;

/// <summary>
/// Everything the client does once per attempt, inside the retry policy and the circuit breaker: one Activity and one
/// count per attempt, the cached bearer token, then the send under the attempt timeout, which covers the whole answer:
/// a redirect is refused, the body is read into memory under its limit. On a 401 from the gateway the token is renewed
/// once and the request resent within the same attempt; a second 401 is returned as it is (and becomes a
/// <see cref="FibreCafeAuthenticationException"/>): no loop. The wait for a token is not part of the attempt timeout:
/// nothing has been sent yet, so a token that does not come is a transient authentication failure, never an
/// attempt that may have reached the gateway. One handler rather than several: each handler costs an async state
/// machine on every call.
/// </summary>
internal sealed class AttemptHandler(
    FibreCafeClientContext client,
    ClientCredentialsTokenClient tokens,
    TimeoutTokenSourcePool timeouts,
    ILogger<AttemptHandler> logger,
    ILoggerFactory loggerFactory) : DelegatingHandler
{
    private const string AuthorizationHeader = "Authorization";
    private const string BearerPrefix = "Bearer ";

    // Renewals are logged under a category of their own, so that log filters can tell them from the attempt's other lines.
    private readonly ILogger _renewalLogger = loggerFactory.CreateLogger("FibreCafe.Client.Authentication.UnauthorizedRenewalHandler");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var state = FibreCafeCallState.Of(request);
        var attempt = state?.NextAttempt() ?? 1;
        client.Metrics.AttemptStarted();
        using var activity = FibreCafeDiagnostics.ActivitySource.StartActivity("FibreCafe attempt", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(FibreCafeDiagnostics.RequestIdTag, state?.Correlation.RequestId);
            activity.SetTag(FibreCafeDiagnostics.ConversationIdTag, state?.Correlation.ConversationId);
            activity.SetTag(FibreCafeDiagnostics.AttemptTag, attempt);
            client.TagActivity(activity);
        }

        try
        {
            await AuthorizeAsync(request, state, rejectedToken: null, cancellationToken).ConfigureAwait(false);
            var response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Log.RenewingAfterUnauthorized(_renewalLogger);
                var rejected = RejectedToken(request);
                response.Dispose();
                // Read again rather than kept: what lives across an await is a field of the boxed state machine.
                await AuthorizeAsync(request, FibreCafeCallState.Of(request), rejected, cancellationToken).ConfigureAwait(false);
                response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            }

            activity?.SetTag(FibreCafeDiagnostics.StatusCodeTag, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }

            return response;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// One send under the attempt timeout, answered and read: headers, redirect refusal and body, so that the timeout
    /// (and the call's total timeout, which <paramref name="cancellationToken"/> carries) covers the body as well.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = client.Options;
        var sentTo = request.RequestUri;
        var state = FibreCafeCallState.Of(request);
        state?.MarkSent();
        var deadline = timeouts.Start(o.Resilience.AttemptTimeout, cancellationToken);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (RedirectRefusal.Find(request, sentTo, response) is { } redirect)
            {
                throw new FibreCafeRedirectException(redirect.Status, redirect.Location, state?.Correlation);
            }

            if (response.IsSuccessStatusCode)
            {
                await BufferSuccessAsync(response, o.MaxResponseBodyBytes, state, cancellationToken, deadline.Token).ConfigureAwait(false);
            }
            else
            {
                await ResponseBodyBuffer.BufferPrefixAsync(response, o.MaxErrorResponseBodyBytes, state?.CallerToken ?? cancellationToken, deadline.Token).ConfigureAwait(false);
            }

            return response;
        }
        catch (Exception ex)
        {
            response?.Dispose();
            if (deadline.Rejection(ex, cancellationToken, o.Resilience.AttemptTimeout) is { } timedOut)
            {
                Log.AttemptTimedOut(logger, state?.Attempts ?? 1, timedOut.Timeout.TotalMilliseconds);
                throw timedOut;
            }

            throw;
        }
        finally
        {
            timeouts.End(deadline);
        }
    }

    /// <summary>
    /// Reads a 2xx body. The gateway has acted once its 2xx headers arrived, so a body that does not arrive (a timeout,
    /// a broken connection) is a typed failure that is never retried, even with
    /// <see cref="FibreCafeResilienceOptions.RetryAmbiguousFailures"/>: sending again would create a second cancellation.
    /// </summary>
    private static async Task BufferSuccessAsync(
        HttpResponseMessage response, int maxBytes, FibreCafeCallState? state, CancellationToken callToken, CancellationToken attemptToken)
    {
        bool complete;
        try
        {
            complete = await ResponseBodyBuffer.TryBufferAsync(response, maxBytes, attemptToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(state?.CallerToken ?? callToken).IsCancellationRequested
            && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            var status = (int)response.StatusCode;
            throw new FibreCafeUnavailableException(status, null, null, state?.Correlation, mayHaveBeenProcessed: true,
                message: string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The Fibre Cafe gateway answered {status}, but its body did not arrive ({(ex is OperationCanceledException ? "timeout" : "connection broken")}): the gateway acted on the request, its answer is unknown (X-Request-ID {state?.Correlation.RequestId}, X-Conversation-ID {state?.Correlation.ConversationId})."),
                innerException: ex);
        }

        if (!complete)
        {
            throw new FibreCafeResponseTooLargeException((int)response.StatusCode, maxBytes, state?.Correlation);
        }
    }

    /// <summary>Puts a valid token on the request; after a 401, pass the refused token so that a new one is fetched.</summary>
    /// <remarks>A <see cref="Task"/>, not a ValueTask: with a cached token it completes at once and costs nothing.</remarks>
    private async Task AuthorizeAsync(HttpRequestMessage request, FibreCafeCallState? state, string? rejectedToken, CancellationToken cancellationToken)
    {
        TransportSecurity.EnsureSecureOrLoopback(request.RequestUri, "an access token");
        AccessToken token;
        try
        {
            token = await tokens.GetTokenAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
        }
        catch (FibreCafeAuthenticationException shared) when (state is not null)
        {
            // One failed token request fails all its waiters; give each the ids of its own call.
            throw new FibreCafeAuthenticationException(
                shared.Status, shared.OAuthError, shared.OAuthErrorDescription, shared.IsTransient, state.Correlation, shared.InnerException);
        }
        catch (OperationCanceledException ex) when (state is not null && cancellationToken.IsCancellationRequested
            && !state.CallerToken.IsCancellationRequested && !state.AnySent)
        {
            // The call's total timeout ended while it waited for its first token: nothing was sent, so this is the
            // token's failure. After an earlier attempt was sent, the call's timeout stands (it may have been processed).
            throw new FibreCafeAuthenticationException(
                null, "timeout", "No access token before the call's total timeout ended.", isTransient: true, state.Correlation, ex);
        }

        // Raw, so that the cached "Bearer …" string goes on the wire as it is instead of being formatted per send.
        request.Headers.Remove(AuthorizationHeader);
        request.Headers.TryAddWithoutValidation(AuthorizationHeader, token.AuthorizationHeaderValue);
    }

    /// <summary>
    /// The token the gateway refused, as the request carried it: read raw, because a token that is not a valid
    /// header token (a comma, a quote) would not survive parsing into <see cref="System.Net.Http.Headers.AuthenticationHeaderValue"/>.
    /// </summary>
    private static string? RejectedToken(HttpRequestMessage request) =>
        request.Headers.NonValidated.TryGetValues(AuthorizationHeader, out var values)
        && values.Count == 1
        && values.ToString() is var value
        && value.StartsWith(BearerPrefix, StringComparison.Ordinal)
            ? value[BearerPrefix.Length..]
            : request.Headers.Authorization?.Parameter;
}
