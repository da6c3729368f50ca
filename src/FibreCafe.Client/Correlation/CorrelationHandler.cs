using System.Diagnostics;
using FibreCafe.Client.Errors;
using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Client.Correlation;

/// <summary>
/// The outermost handler: it runs once per logical call, before the retry policy, so that every attempt
/// carries the same <c>X-Request-ID</c>. It fills in missing correlation headers (never overwriting the
/// caller's), opens the call's Activity and log scope, and records the gateway error of a failed answer.
/// </summary>
internal sealed class CorrelationHandler(
    IOptions<FibreCafeClientOptions> options,
    TimeProvider timeProvider,
    FibreCafeClientMetrics metrics,
    ILogger<CorrelationHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var correlation = FibreCafeCorrelation.Resolve(
            HeaderValue(request, FibreCafeHeaders.RequestId), HeaderValue(request, FibreCafeHeaders.ConversationId));
        SetIfMissing(request, FibreCafeHeaders.RequestId, correlation.RequestId);
        SetIfMissing(request, FibreCafeHeaders.ConversationId, correlation.ConversationId);

        var state = new FibreCafeCallState(correlation, timeProvider.GetUtcNow() + options.Value.Resilience.TotalTimeout);
        state.AttachTo(request);

        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath;
        // The name is built only when someone listens: StartActivity would return null anyway.
        using var activity = FibreCafeDiagnostics.ActivitySource.HasListeners()
            ? FibreCafeDiagnostics.ActivitySource.StartActivity($"FibreCafe {method} {path}", ActivityKind.Internal)
            : null;
        activity?.SetTag(FibreCafeDiagnostics.RequestIdTag, correlation.RequestId);
        activity?.SetTag(FibreCafeDiagnostics.ConversationIdTag, correlation.ConversationId);
        using var scope = Log.BeginCorrelationScope(logger, correlation);
        metrics.Requests.Add(1);
        var started = timeProvider.GetTimestamp();

        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            activity?.SetTag(FibreCafeDiagnostics.StatusCodeTag, status);
            activity?.SetTag(FibreCafeDiagnostics.AttemptTag, state.Attempts);
            if (response.IsSuccessStatusCode)
            {
                Log.CallCompleted(logger, method, path, status, state.Attempts, timeProvider.GetElapsedTime(started).TotalMilliseconds);
                return response;
            }

            (state.LastError, state.LastErrorBody) = await GatewayErrorReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            var code = state.LastError?.Code?.Value;
            activity?.SetTag(FibreCafeDiagnostics.ErrorCodeTag, code);
            activity?.SetStatus(ActivityStatusCode.Error, code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            metrics.Failures.Add(1, new KeyValuePair<string, object?>(FibreCafeDiagnostics.StatusCodeTag, status));
            Log.CallFailed(logger, method, path, status, code, state.Attempts, state.LastError?.Uuid);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetTag(FibreCafeDiagnostics.AttemptTag, state.Attempts);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            metrics.Failures.Add(1, new KeyValuePair<string, object?>("error.type", ex.GetType().Name));
            Log.CallFailedWithoutResponse(logger, method, path, state.Attempts, ex.GetType().Name);
            throw;
        }
    }

    private static void SetIfMissing(HttpRequestMessage request, string name, string value)
    {
        if (!request.Headers.Contains(name))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static string? HeaderValue(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
