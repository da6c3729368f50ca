using FibreCafe.Kci.DependencyInjection;

namespace FibreCafe.Kci;

/// <summary>How stored KCIs are dispatched to handlers (<c>FibreCafe:Kci:Dispatch</c>).</summary>
public sealed class KciDispatchOptions
{
    /// <summary>Gets or sets whether this process dispatches; <see langword="false"/> makes it receive and store only. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many attempts a KCI gets before it is parked. 1 to 100. Default: 5.</summary>
    public int MaxAttempts { get; set; } = KciReceiverConstants.DefaultMaxAttempts;

    /// <summary>Gets or sets the wait after the first failure; it doubles with each further failure. Not negative. Default: 2 s.</summary>
    public TimeSpan BaseDelay { get; set; } = KciReceiverConstants.DefaultBaseDelay;

    /// <summary>Gets or sets the longest wait between attempts; not below <see cref="BaseDelay"/>. Default: 5 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = KciReceiverConstants.DefaultMaxDelay;

    /// <summary>Gets or sets how many KCIs are claimed at once. 1 to 1000. Default: 32.</summary>
    public int BatchSize { get; set; } = KciReceiverConstants.DefaultBatchSize;

    /// <summary>Gets or sets how many KCIs (of different entities) are handled at the same time. 1 to 64. Default: 4.</summary>
    public int MaxConcurrency { get; set; } = KciReceiverConstants.DefaultMaxConcurrency;

    /// <summary>
    /// Gets or sets how long a claim holds; a KCI whose handlers take longer may be claimed again by
    /// another receiver sharing the store. At least 1 second. Default: 5 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = KciReceiverConstants.DefaultLeaseDuration;

    /// <summary>
    /// Gets or sets the longest sleep between looks at the store. A KCI received by this process wakes the
    /// dispatcher at once; polling only matters for retries and for stores shared between processes. At least 10 ms. Default: 5 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = KciReceiverConstants.DefaultPollInterval;

    /// <inheritdoc />
    public override string ToString() =>
        $"KciDispatchOptions {{ Enabled = {Enabled}, MaxAttempts = {MaxAttempts}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}, BatchSize = {BatchSize}, MaxConcurrency = {MaxConcurrency} }}";
}
