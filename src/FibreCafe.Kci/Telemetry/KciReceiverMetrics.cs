using System.Diagnostics.Metrics;

namespace FibreCafe.Kci.Telemetry;

/// <summary>The receiver's counters, on the meter <c>FibreCafe.Kci</c>.</summary>
internal sealed class KciReceiverMetrics
{
    public const string MeterName = "FibreCafe.Kci";

    private readonly Counter<long> _received;
    private readonly Counter<long> _dispatched;

    public KciReceiverMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("fibrecafe.kci.received", "{kci}", "KCI deliveries answered, by outcome (stored, duplicate, rejected, unauthorised, unavailable).");
        _dispatched = meter.CreateCounter<long>("fibrecafe.kci.dispatched", "{kci}", "Dispatch attempts, by outcome (done, retry, parked).");
    }

    public void Received(string outcome) => _received.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispatched(string outcome) => _dispatched.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
