namespace FibreCafe.Requests;

/// <summary>
/// How durable cancellation requests are processed (section <c>FibreCafe:Requests</c>). Every default is a named
/// constant of <see cref="CancellationRequestsConstants"/>.
/// </summary>
public sealed class CancellationRequestsOptions
{
    /// <summary>Gets or sets whether this host runs the processing run (default <see langword="true"/>); a host that only submits sets <see langword="false"/>.</summary>
    public bool ProcessingEnabled { get; set; } = true;

    /// <summary>Gets or sets the name of this processing-run instance in leases and history; the machine, process id and a random suffix when empty.</summary>
    public string? InstanceName { get; set; }

    /// <summary>Gets or sets how often the run looks for due requests when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = CancellationRequestsConstants.DefaultPollInterval;

    /// <summary>Gets or sets how many requests one claim takes at most.</summary>
    public int ClaimBatchSize { get; set; } = CancellationRequestsConstants.DefaultClaimBatchSize;

    /// <summary>Gets or sets how many requests this instance sends at once.</summary>
    public int MaxConcurrentSends { get; set; } = CancellationRequestsConstants.DefaultMaxConcurrentSends;

    /// <summary>Gets or sets how long a lease lasts; it must be longer than the client's <c>TotalTimeout</c>.</summary>
    public TimeSpan LeaseDuration { get; set; } = CancellationRequestsConstants.DefaultLeaseDuration;

    /// <summary>Gets or sets the first retry's delay after a transient failure; doubled at each failure, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = CancellationRequestsConstants.DefaultRetryBaseDelay;

    /// <summary>Gets or sets the longest delay between two retries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = CancellationRequestsConstants.DefaultRetryMaxDelay;

    /// <summary>Gets or sets the longest <c>Retry-After</c> honoured.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = CancellationRequestsConstants.DefaultMaxRetryAfter;

    /// <summary>Gets or sets how many transient failures in a row park a request (<see cref="Kci.CancellationRequestParkReason.RetriesExhausted"/>).</summary>
    public int MaxTransientFailures { get; set; } = CancellationRequestsConstants.DefaultMaxTransientFailures;

    /// <summary>Gets or sets how long to wait for a KCI after an ambiguous send before parking the request.</summary>
    public TimeSpan ReconcileWindow { get; set; } = CancellationRequestsConstants.DefaultReconcileWindow;

    /// <summary>Gets or sets how long the oldest due request may wait before the health check reports Degraded.</summary>
    public TimeSpan OverdueAge { get; set; } = CancellationRequestsConstants.DefaultOverdueAge;

    /// <summary>Gets or sets how long ended requests are kept before the retention deletes them.</summary>
    public TimeSpan TerminalRetention { get; set; } = CancellationRequestsConstants.DefaultTerminalRetention;

    /// <summary>Gets or sets how often the retention runs; zero turns it off.</summary>
    public TimeSpan CleanupInterval { get; set; } = CancellationRequestsConstants.DefaultCleanupInterval;
}
