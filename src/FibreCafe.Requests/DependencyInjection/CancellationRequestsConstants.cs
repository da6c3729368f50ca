namespace FibreCafe.Requests;

/// <summary>The defaults and bounds of <see cref="CancellationRequestsOptions"/>, each used by the initializer, the validator and the docs.</summary>
public static class CancellationRequestsConstants
{
    /// <summary>The configuration section, under the client's <c>FibreCafe</c>.</summary>
    public const string SectionName = "FibreCafe:Requests";

    /// <summary>The name of the health check.</summary>
    public const string HealthCheckName = "fibrecafe-cancellation-requests";

    /// <summary>How often the processing run looks for due requests when nothing wakes it: 1 second.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How many requests one claim takes at most: 32.</summary>
    public const int DefaultClaimBatchSize = 32;

    /// <summary>How many requests are sent at once, by one instance: 8.</summary>
    public const int DefaultMaxConcurrentSends = 8;

    /// <summary>How long a lease lasts: 5 minutes, well beyond the client's total timeout (60 s), so a live attempt never loses it.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromMinutes(5);

    /// <summary>The first retry's delay after a transient failure: 2 seconds, doubled at every failure after it.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between two retries: 5 minutes.</summary>
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromMinutes(5);

    /// <summary>The longest <c>Retry-After</c> honoured: 1 hour (a longer one waits this long).</summary>
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromHours(1);

    /// <summary>How many transient failures in a row park a request: 200 (with the default delays, about 16 hours of outage).</summary>
    public const int DefaultMaxTransientFailures = 200;

    /// <summary>How long a KCI may take to reconcile an ambiguous send before the request is parked: 30 minutes.</summary>
    public static readonly TimeSpan DefaultReconcileWindow = TimeSpan.FromMinutes(30);

    /// <summary>How long the oldest due request may wait before the health check reports Degraded: 5 minutes.</summary>
    public static readonly TimeSpan DefaultOverdueAge = TimeSpan.FromMinutes(5);

    /// <summary>How long ended requests are kept: 90 days.</summary>
    public static readonly TimeSpan DefaultTerminalRetention = TimeSpan.FromDays(90);

    /// <summary>How often the retention runs: every hour; zero turns it off.</summary>
    public static readonly TimeSpan DefaultCleanupInterval = TimeSpan.FromHours(1);

    /// <summary>The shortest poll interval accepted: 10 ms.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest poll interval accepted: 10 minutes.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromMinutes(10);

    /// <summary>The shortest lease accepted: 10 seconds.</summary>
    public static readonly TimeSpan MinLeaseDuration = TimeSpan.FromSeconds(10);

    /// <summary>The largest claim batch and the most concurrent sends accepted: 1,000.</summary>
    public const int MaxBatch = 1000;
}
