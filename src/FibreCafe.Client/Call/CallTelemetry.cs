using System.Diagnostics;
using FibreCafe.Client.Correlation;
using FibreCafe.Client.DependencyInjection;
using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Client.Call;

/// <summary>
/// What one client records of each call: the <c>Internal</c> Activity (correlation tags, the client's name, status,
/// attempts, gateway error), the log scope of the call's ids, the <c>requests</c> and <c>failures</c> counters, and the
/// call's log lines. One per handler; the state of a call is the <see cref="CallTelemetryScope"/> that
/// <see cref="Start"/> returns.
/// </summary>
internal sealed class CallTelemetry(FibreCafeClientContext client, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>The log category of the call's lines, the one log filters name: <c>FibreCafe.Client.Correlation.CorrelationHandler</c>.</summary>
    public const string LogCategory = "FibreCafe.Client.Correlation.CorrelationHandler";

    /// <summary>Opens the call's Activity and log scope and counts the call.</summary>
    public CallTelemetryScope Start(HttpRequestMessage request, FibreCafeCorrelation correlation)
    {
        // The name is built only when someone listens: StartActivity would return null anyway.
        var activity = FibreCafeDiagnostics.ActivitySource.HasListeners()
            ? FibreCafeDiagnostics.ActivitySource.StartActivity($"FibreCafe {request.Method.Method} {PathOf(request)}", ActivityKind.Internal)
            : null;
        activity?.SetTag(FibreCafeDiagnostics.RequestIdTag, correlation.RequestId);
        activity?.SetTag(FibreCafeDiagnostics.ConversationIdTag, correlation.ConversationId);
        client.TagActivity(activity);
        var scope = Log.BeginCallScope(logger, client.Registration, correlation);
        client.Metrics.RequestStarted();
        return new CallTelemetryScope(activity, scope, timeProvider.GetTimestamp());
    }

    /// <summary>Tags the call's Activity with the answer's status and the attempts it took.</summary>
    public static void Answered(in CallTelemetryScope call, HttpResponseMessage response, FibreCafeCallState state)
    {
        call.Activity?.SetTag(FibreCafeDiagnostics.StatusCodeTag, (int)response.StatusCode);
        call.Activity?.SetTag(FibreCafeDiagnostics.AttemptTag, state.Attempts);
    }

    /// <summary>Records a 2xx answer.</summary>
    public void Succeeded(in CallTelemetryScope call, HttpRequestMessage request, HttpResponseMessage response, FibreCafeCallState state)
    {
        // The path is a new string per request: built only when the line is written.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.CallCompleted(logger, request.Method.Method, PathOf(request), (int)response.StatusCode, state.Attempts,
                timeProvider.GetElapsedTime(call.Started).TotalMilliseconds);
        }
    }

    /// <summary>Records a non-2xx answer, whose gateway error <paramref name="state"/> holds.</summary>
    public void Failed(in CallTelemetryScope call, HttpRequestMessage request, HttpResponseMessage response, FibreCafeCallState state)
    {
        var status = (int)response.StatusCode;
        var code = state.LastError?.Code?.Value;
        call.Activity?.SetTag(FibreCafeDiagnostics.ErrorCodeTag, code);
        call.Activity?.SetStatus(ActivityStatusCode.Error, code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        client.Metrics.CallFailed(new KeyValuePair<string, object?>(FibreCafeDiagnostics.StatusCodeTag, status));
        Log.CallFailed(logger, request.Method.Method, PathOf(request), status, code, state.Attempts, state.LastError?.Uuid);
    }

    /// <summary>Records a call that ended without an answer: a timeout, a transport failure, an open breaker, a refused redirect.</summary>
    public void FailedWithoutAnswer(in CallTelemetryScope call, HttpRequestMessage request, FibreCafeCallState state, Exception exception)
    {
        call.Activity?.SetTag(FibreCafeDiagnostics.AttemptTag, state.Attempts);
        call.Activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        client.Metrics.CallFailed(new KeyValuePair<string, object?>("error.type", exception.GetType().Name));
        Log.CallFailedWithoutResponse(logger, request.Method.Method, PathOf(request), state.Attempts, exception.GetType().Name);
    }

    /// <summary>Logs that the total timeout ended the call.</summary>
    public void TimedOut(TimeSpan timeout) => Log.CallTimedOut(logger, timeout.TotalMilliseconds);

    private static string? PathOf(HttpRequestMessage request) => request.RequestUri?.AbsolutePath;
}

/// <summary>The telemetry of one call in flight: its Activity, its log scope and when it started. Disposing ends both.</summary>
internal readonly struct CallTelemetryScope(Activity? activity, IDisposable? logScope, long started) : IDisposable
{
    public Activity? Activity { get; } = activity;

    /// <summary>Gets the <see cref="TimeProvider.GetTimestamp"/> at the start of the call.</summary>
    public long Started { get; } = started;

    public void Dispose()
    {
        logScope?.Dispose();
        Activity?.Dispose();
    }
}
