using System.Diagnostics.Metrics;

namespace FibreCafe.Client.Telemetry;

/// <summary>The instruments of the <c>FibreCafe.Client</c> meter.</summary>
internal sealed class FibreCafeClientMetrics
{
    public FibreCafeClientMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(FibreCafeDiagnostics.SourceName, ThisAssembly.Version);
        Requests = meter.CreateCounter<long>("fibrecafe.client.requests", "{request}", "Logical Tenant API calls started.");
        Attempts = meter.CreateCounter<long>("fibrecafe.client.attempts", "{attempt}", "Attempts made through the retry policy (a 401 renewal resends within its attempt).");
        Retries = meter.CreateCounter<long>("fibrecafe.client.retries", "{retry}", "Automatic retries scheduled by the resilience pipeline.");
        TokenRequests = meter.CreateCounter<long>("fibrecafe.client.token_requests", "{request}", "OAuth2 client-credentials token requests sent.");
        Failures = meter.CreateCounter<long>("fibrecafe.client.failures", "{failure}", "Logical calls that ended without a 2xx answer.");
    }

    public Counter<long> Requests { get; }

    public Counter<long> Attempts { get; }

    public Counter<long> Retries { get; }

    public Counter<long> TokenRequests { get; }

    public Counter<long> Failures { get; }
}
