using FibreCafe.Client.Correlation;
using FibreCafe.Client.DependencyInjection;
using FibreCafe.Client.Errors;
using FibreCafe.Client.Resilience;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Client.Call;

/// <summary>
/// The outermost handler of a client's pipeline: it runs once per logical call, outside the retry policy, so that
/// every attempt of the call carries the same ids and counts against the same total timeout. It composes:
/// <list type="number">
/// <item><see cref="CorrelationHeaders"/>: the call's <c>X-Request-ID</c> and <c>X-Conversation-ID</c>, the caller's kept;</item>
/// <item>the <see cref="FibreCafeCallState"/> the handlers below share (ids, deadline, attempts, last gateway error);</item>
/// <item><see cref="CallTelemetry"/>: the call's Activity, log scope, counters and log lines;</item>
/// <item>the total timeout of the whole call, retries and their waits included: a <see cref="TimeoutScope"/> of the
/// <see cref="TimeoutTokenSourcePool"/>, as the attempt handler's timeout is;</item>
/// <item>the gateway error of a failed answer, read once here for the facade to map.</item>
/// </list>
/// One handler rather than several: each costs an async state machine on every call.
/// </summary>
internal sealed class CallHandler : DelegatingHandler
{
    private readonly FibreCafeClientContext _client;
    private readonly TimeProvider _timeProvider;
    private readonly TimeoutTokenSourcePool _timeouts;
    private readonly RequestUriCache _requestUris;
    private readonly CallTelemetry _telemetry;

    public CallHandler(
        FibreCafeClientContext client, TimeProvider timeProvider, TimeoutTokenSourcePool timeouts, RequestUriCache requestUris, ILoggerFactory loggerFactory)
    {
        _client = client;
        _timeProvider = timeProvider;
        _timeouts = timeouts;
        _requestUris = requestUris;
        _telemetry = new CallTelemetry(client, timeProvider, loggerFactory.CreateLogger(CallTelemetry.LogCategory));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = _requestUris.Reuse(request.RequestUri);
        var correlation = CorrelationHeaders.Fill(request);
        var timeout = _client.Options.Resilience.TotalTimeout;
        var state = new FibreCafeCallState(correlation, _timeProvider.GetUtcNow() + timeout, cancellationToken);
        state.AttachTo(request);
        using var call = _telemetry.Start(request, correlation);

        try
        {
            HttpResponseMessage response;
            var deadline = _timeouts.Start(timeout, cancellationToken);
            try
            {
                response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (deadline.Rejection(ex, cancellationToken, timeout) is { } timedOut)
            {
                _telemetry.TimedOut(timedOut.Timeout);
                throw timedOut;
            }
            finally
            {
                _timeouts.End(deadline);
            }

            CallTelemetry.Answered(call, response, state);
            if (!response.IsSuccessStatusCode)
            {
                return await RecordFailureAsync(request, response, state, call, cancellationToken).ConfigureAwait(false);
            }

            _telemetry.Succeeded(call, request, response, state);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _telemetry.FailedWithoutAnswer(call, request, state, ex);
            throw;
        }
    }

    /// <summary>Reads and keeps the gateway error of a failed answer (the facade maps it), and records the failure.</summary>
    /// <remarks>
    /// A method of its own, so that the state machine of every call, boxed while it waits, does not carry the
    /// fields of this rarer path.
    /// </remarks>
    private async Task<HttpResponseMessage> RecordFailureAsync(
        HttpRequestMessage request, HttpResponseMessage response, FibreCafeCallState state, CallTelemetryScope call, CancellationToken cancellationToken)
    {
        (state.LastError, state.LastErrorBody) = await GatewayErrorReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        _telemetry.Failed(call, request, response, state);
        return response;
    }
}
