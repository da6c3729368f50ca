using System.Diagnostics;
using FibreCafe.Client.DependencyInjection;
using FibreCafe.Client.Errors;
using FibreCafe.Client.Resilience;
using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Client.Correlation;

/// <summary>
/// The outermost handler: it runs once per logical call, before the retry policy, so that every attempt
/// carries the same <c>X-Request-ID</c>. It fills in missing correlation headers (never overwriting the
/// caller's), opens the call's Activity and log scope, enforces the total timeout of the call (retries and
/// waits included), and records the gateway error of a failed answer.
/// </summary>
internal sealed class CorrelationHandler(
    FibreCafeClientContext client,
    TimeProvider timeProvider,
    TimeoutTokenSourcePool timeouts,
    RequestUriCache requestUris,
    ILogger<CorrelationHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = requestUris.Reuse(request.RequestUri);
        var correlation = FibreCafeCorrelation.Resolve(
            HeaderValue(request, FibreCafeHeaders.RequestId), HeaderValue(request, FibreCafeHeaders.ConversationId));
        SetIfMissing(request, FibreCafeHeaders.RequestId, correlation.RequestId);
        SetIfMissing(request, FibreCafeHeaders.ConversationId, correlation.ConversationId);

        var totalTimeout = client.Options.Resilience.TotalTimeout;
        var state = new FibreCafeCallState(correlation, timeProvider.GetUtcNow() + totalTimeout, cancellationToken);
        state.AttachTo(request);

        // The name is built only when someone listens: StartActivity would return null anyway.
        using var activity = FibreCafeDiagnostics.ActivitySource.HasListeners()
            ? FibreCafeDiagnostics.ActivitySource.StartActivity($"FibreCafe {request.Method.Method} {PathOf(request)}", ActivityKind.Internal)
            : null;
        activity?.SetTag(FibreCafeDiagnostics.RequestIdTag, correlation.RequestId);
        activity?.SetTag(FibreCafeDiagnostics.ConversationIdTag, correlation.ConversationId);
        client.TagActivity(activity);
        using var scope = Log.BeginCallScope(logger, client.Registration, correlation);
        client.Metrics.RequestStarted();
        var started = timeProvider.GetTimestamp();

        try
        {
            HttpResponseMessage response;
            // The total timeout covers the whole resilience pipeline, retries and their waits, as the outermost
            // Polly strategy did; owning it here saves that strategy's async layers on every call.
            var deadline = timeouts.Start(totalTimeout, cancellationToken);
            try
            {
                response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (deadline.Rejection(ex, cancellationToken, totalTimeout) is { } timedOut)
            {
                Log.CallTimedOut(logger, timedOut.Timeout.TotalMilliseconds);
                throw timedOut;
            }
            finally
            {
                timeouts.End(deadline);
            }

            activity?.SetTag(FibreCafeDiagnostics.StatusCodeTag, (int)response.StatusCode);
            activity?.SetTag(FibreCafeDiagnostics.AttemptTag, state.Attempts);
            if (!response.IsSuccessStatusCode)
            {
                return await RecordFailureAsync(request, response, state, activity, cancellationToken).ConfigureAwait(false);
            }

            // The path is a new string per request: built only when the line is written.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Log.CallCompleted(logger, request.Method.Method, PathOf(request), (int)response.StatusCode, state.Attempts,
                    timeProvider.GetElapsedTime(started).TotalMilliseconds);
            }

            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetTag(FibreCafeDiagnostics.AttemptTag, state.Attempts);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            client.Metrics.CallFailed(new KeyValuePair<string, object?>("error.type", ex.GetType().Name));
            Log.CallFailedWithoutResponse(logger, request.Method.Method, PathOf(request), state.Attempts, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>Reads and keeps the gateway error of a failed answer (the facade maps it), and records the failure.</summary>
    /// <remarks>
    /// A method of its own, so that the state machine of every call, boxed while it waits, does not carry the
    /// fields of this rarer path.
    /// </remarks>
    private async Task<HttpResponseMessage> RecordFailureAsync(
        HttpRequestMessage request, HttpResponseMessage response, FibreCafeCallState state, Activity? activity, CancellationToken cancellationToken)
    {
        (state.LastError, state.LastErrorBody) = await GatewayErrorReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var code = state.LastError?.Code?.Value;
        activity?.SetTag(FibreCafeDiagnostics.ErrorCodeTag, code);
        activity?.SetStatus(ActivityStatusCode.Error, code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        client.Metrics.CallFailed(new KeyValuePair<string, object?>(FibreCafeDiagnostics.StatusCodeTag, status));
        Log.CallFailed(logger, request.Method.Method, PathOf(request), status, code, state.Attempts, state.LastError?.Uuid);
        return response;
    }

    private static string? PathOf(HttpRequestMessage request) => request.RequestUri?.AbsolutePath;

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
