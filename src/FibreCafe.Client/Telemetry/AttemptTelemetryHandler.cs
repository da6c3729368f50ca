using System.Diagnostics;
using FibreCafe.Client.Correlation;

namespace FibreCafe.Client.Telemetry;

/// <summary>Runs inside the retry policy: one Activity and one count per attempt.</summary>
internal sealed class AttemptTelemetryHandler(FibreCafeClientMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var state = FibreCafeCallState.Of(request);
        var attempt = state?.NextAttempt() ?? 1;
        metrics.Attempts.Add(1);
        using var activity = FibreCafeDiagnostics.ActivitySource.StartActivity("FibreCafe attempt", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(FibreCafeDiagnostics.RequestIdTag, state?.Correlation.RequestId);
            activity.SetTag(FibreCafeDiagnostics.ConversationIdTag, state?.Correlation.ConversationId);
            activity.SetTag(FibreCafeDiagnostics.AttemptTag, attempt);
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
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
}
