using System.Diagnostics;
using System.Diagnostics.Metrics;
using FibreCafe.Kci;

namespace FibreCafe.Requests.Telemetry;

/// <summary>The package's activity source and instruments, one per host (the meter comes from its <see cref="IMeterFactory"/>).</summary>
internal sealed class RequestsTelemetry
{
    public static readonly ActivitySource Source = new(CancellationRequestsDiagnostics.ActivitySourceName, ThisAssembly.Version);

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _parked;
    private readonly Histogram<double> _sendDelay;
    private volatile IReadOnlyDictionary<CancellationRequestState, long> _byState = new Dictionary<CancellationRequestState, long>();

    public RequestsTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(CancellationRequestsDiagnostics.MeterName, ThisAssembly.Version);
        _submitted = meter.CreateCounter<long>(CancellationRequestsDiagnostics.SubmittedCounter, "{request}", "Cancellation requests submitted.");
        _sent = meter.CreateCounter<long>(CancellationRequestsDiagnostics.SentCounter, "{attempt}", "Attempts to send a cancellation request, by outcome.");
        _refused = meter.CreateCounter<long>(CancellationRequestsDiagnostics.RefusedCounter, "{request}", "Cancellation requests the gateway refused.");
        _parked = meter.CreateCounter<long>(CancellationRequestsDiagnostics.ParkedCounter, "{request}", "Cancellation requests parked for an operator.");
        _sendDelay = meter.CreateHistogram<double>(CancellationRequestsDiagnostics.SendDelayHistogram, "s", "Delay from a request's due time to its attempt.");
        meter.CreateObservableGauge(CancellationRequestsDiagnostics.ByStateGauge, ObserveByState, "{request}", "Cancellation requests by state.");
    }

    public void Submitted(CancellationKind kind) => _submitted.Add(1, new KeyValuePair<string, object?>("kind", KindTag(kind)));

    public void Sent(string outcome) => _sent.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Refused() => _refused.Add(1);

    public void Parked(CancellationRequestParkReason reason) => _parked.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void SendDelay(TimeSpan delay) => _sendDelay.Record(Math.Max(0, delay.TotalSeconds));

    /// <summary>Keeps the latest counts for the gauge (observed without a database call).</summary>
    public void Counted(CancellationRequestStatistics statistics) => _byState = statistics.Counts;

    public static string KindTag(CancellationKind kind) => kind == CancellationKind.ServiceOrder ? "service_order" : "service_problem";

    private IEnumerable<Measurement<long>> ObserveByState()
    {
        var counts = _byState;
        foreach (var state in Enum.GetValues<CancellationRequestState>())
        {
            yield return new Measurement<long>(counts.TryGetValue(state, out var n) ? n : 0, new KeyValuePair<string, object?>("state", state.ToString()));
        }
    }
}
