namespace FibreCafe.Tmf641;

/// <summary>Hub subscriptions and the delivery of their notifications (section <c>FibreCafe:Tmf641:Hub</c>).</summary>
public sealed class Tmf641HubOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether notifications go to <c>{callback}/listener/{eventName}</c>, as the
    /// specification names its listener paths (the default), or to the callback as given.
    /// </summary>
    public bool AppendListenerPath { get; set; } = true;

    /// <summary>
    /// Gets the callback hosts trusted beyond the defaults: for them <c>http</c> is accepted and private addresses are
    /// not refused (e.g. an order manager on the same private network). Compared without case.
    /// </summary>
    public IList<string> AllowedCallbackHosts { get; } = [];

    /// <summary>Gets or sets a value indicating whether callbacks may reach private and link-local addresses of any host (off by default: no server-side request forgery through the hub).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Gets or sets a value indicating whether this instance delivers notifications (the default); off for an instance that only serves the API.</summary>
    public bool DeliveryEnabled { get; set; } = true;

    /// <summary>Gets or sets how many attempts a notification gets before it is parked: <see cref="Tmf641Constants.DefaultMaxDeliveryAttempts"/>.</summary>
    public int MaxAttempts { get; set; } = Tmf641Constants.DefaultMaxDeliveryAttempts;

    /// <summary>Gets or sets the delay before the first retry, doubled at every failure after it: <see cref="Tmf641Constants.DefaultRetryBaseDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = Tmf641Constants.DefaultRetryBaseDelay;

    /// <summary>Gets or sets the longest delay between two attempts: <see cref="Tmf641Constants.DefaultRetryMaxDelay"/>.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = Tmf641Constants.DefaultRetryMaxDelay;

    /// <summary>Gets or sets how long one delivery may take: <see cref="Tmf641Constants.DefaultAttemptTimeout"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = Tmf641Constants.DefaultAttemptTimeout;

    /// <summary>Gets or sets how often the feed and the delivery look for work when nothing wakes them: <see cref="Tmf641Constants.DefaultPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; set; } = Tmf641Constants.DefaultPollInterval;

    /// <summary>Gets or sets how many notifications one instance delivers at once: <see cref="Tmf641Constants.DefaultMaxConcurrentDeliveries"/>.</summary>
    public int MaxConcurrentDeliveries { get; set; } = Tmf641Constants.DefaultMaxConcurrentDeliveries;

    /// <summary>Gets or sets how long a gap in the store's feed of changes is waited for (a change committing late on PostgreSQL) before it is passed: <see cref="Tmf641Constants.DefaultFeedGapTimeout"/>.</summary>
    public TimeSpan FeedGapTimeout { get; set; } = Tmf641Constants.DefaultFeedGapTimeout;

    /// <summary>Gets or sets how long a delivered notification is kept: <see cref="Tmf641Constants.DefaultDeliveredRetention"/>; at least 1 hour.</summary>
    public TimeSpan DeliveredRetention { get; set; } = Tmf641Constants.DefaultDeliveredRetention;

    /// <summary>Gets or sets how often delivered notifications past their retention are deleted: <see cref="Tmf641Constants.DefaultCleanupInterval"/>; zero turns it off.</summary>
    public TimeSpan CleanupInterval { get; set; } = Tmf641Constants.DefaultCleanupInterval;
}
