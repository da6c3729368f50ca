namespace FibreCafe.Requests;

/// <summary>The names under which durable cancellation requests report: subscribe to them with OpenTelemetry or <c>dotnet-counters</c>.</summary>
public static class CancellationRequestsDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: an activity per submission and one per attempt, linked to its submission's.</summary>
    public const string ActivitySourceName = "FibreCafe.Requests";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string MeterName = "FibreCafe.Requests";

    /// <summary>Counter of requests submitted (new ones; idempotent replays are not counted).</summary>
    public const string SubmittedCounter = "fibrecafe.requests.submitted";

    /// <summary>Counter of attempts by <c>outcome</c>: <c>created</c>, <c>refused</c>, <c>transient</c>, <c>ambiguous</c>, <c>parked</c>, <c>lease_lost</c>.</summary>
    public const string SentCounter = "fibrecafe.requests.sent";

    /// <summary>Counter of requests the gateway refused (400, 422).</summary>
    public const string RefusedCounter = "fibrecafe.requests.refused";

    /// <summary>Counter of requests parked, by <c>reason</c>.</summary>
    public const string ParkedCounter = "fibrecafe.requests.parked";

    /// <summary>Gauge of requests by <c>state</c>, as last counted by the processing run.</summary>
    public const string ByStateGauge = "fibrecafe.requests.by_state";

    /// <summary>Histogram of the delay from a request's due time to its attempt, in seconds.</summary>
    public const string SendDelayHistogram = "fibrecafe.requests.send_delay";
}
