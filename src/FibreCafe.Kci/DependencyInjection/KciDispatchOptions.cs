namespace FibreCafe.Kci;

/// <summary>How stored KCIs are dispatched to handlers (<c>FibreCafe:Kci:Dispatch</c>).</summary>
public sealed class KciDispatchOptions
{
    /// <summary>Gets or sets whether this process dispatches; <see langword="false"/> makes it receive and store only. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many attempts a KCI gets before it is parked. Default: 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Gets or sets the wait after the first failure; it doubles with each further failure. Default: 2 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the longest wait between attempts. Default: 5 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many KCIs are claimed at once. Default: 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets how many KCIs (of different entities) are handled at the same time. Default: 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Gets or sets how long a claim holds; a KCI whose handlers take longer may be claimed again by
    /// another receiver sharing the store. Default: 5 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the longest sleep between looks at the store. A KCI received by this process wakes the
    /// dispatcher at once; polling only matters for retries and for stores shared between processes. Default: 5 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public override string ToString() =>
        $"KciDispatchOptions {{ Enabled = {Enabled}, MaxAttempts = {MaxAttempts}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}, BatchSize = {BatchSize}, MaxConcurrency = {MaxConcurrency} }}";
}
