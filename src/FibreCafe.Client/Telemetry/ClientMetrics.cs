using System.Diagnostics.Metrics;

namespace FibreCafe.Client.Telemetry;

/// <summary>
/// The counters of <see cref="FibreCafeClientMetrics"/> as one client records them: a named client adds the tag
/// <see cref="FibreCafeDiagnostics.ClientNameTag"/> to every measurement, the unnamed client adds none.
/// </summary>
internal sealed class ClientMetrics(FibreCafeClientMetrics instruments, KeyValuePair<string, object?>? nameTag)
{
    public void RequestStarted() => Count(instruments.Requests);

    public void AttemptStarted() => Count(instruments.Attempts);

    public void RetryScheduled() => Count(instruments.Retries);

    public void TokenRequested() => Count(instruments.TokenRequests);

    /// <summary>Counts a call that ended without a 2xx answer; <paramref name="reason"/> is its status or error type.</summary>
    public void CallFailed(KeyValuePair<string, object?> reason)
    {
        if (nameTag is { } name)
        {
            instruments.Failures.Add(1, reason, name);
        }
        else
        {
            instruments.Failures.Add(1, reason);
        }
    }

    private void Count(Counter<long> counter)
    {
        if (nameTag is { } name)
        {
            counter.Add(1, name);
        }
        else
        {
            counter.Add(1);
        }
    }
}
