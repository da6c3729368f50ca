namespace FibreCafe.Client.Resilience;

/// <summary>
/// Every default and limit of <see cref="FibreCafeResilienceOptions"/> and <see cref="FibreCafeCircuitBreakerOptions"/>,
/// in one place: the property initializers, the public <c>Default…</c> constants and the validator use these. The XML
/// docs of the options repeat the values.
/// </summary>
internal static class ResilienceConstants
{
    public const int DefaultMaxAttempts = 4;

    /// <summary>The fewest attempts per call: 1, no retry.</summary>
    public const int MinimumAttempts = 1;

    /// <summary>The most attempts per call.</summary>
    public const int MaximumAttempts = 20;

    /// <summary>The default of <see cref="FibreCafeResilienceOptions.RetryAmbiguousFailures"/>: the gateway offers no idempotency key.</summary>
    public const bool DefaultRetryAmbiguousFailures = false;

    public const bool DefaultCircuitBreakerEnabled = true;

    public const double DefaultFailureRatio = 0.5;

    /// <summary>The failure ratio is above this (exclusive).</summary>
    public const double FailureRatioAbove = 0;

    /// <summary>The failure ratio is at most this (inclusive).</summary>
    public const double MaximumFailureRatio = 1;

    public const int DefaultMinimumThroughput = 20;

    /// <summary>The smallest <see cref="FibreCafeCircuitBreakerOptions.MinimumThroughput"/>, as Polly requires.</summary>
    public const int LowestMinimumThroughput = 2;

    /// <summary>The sampling window is at least this many attempt timeouts, so that it sees the attempts that time out.</summary>
    public const int SamplingDurationAttemptTimeouts = 2;

    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The shortest attempt or total timeout, as Polly's timeout strategy accepts them.</summary>
    public static readonly TimeSpan MinimumTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest attempt or total timeout, as Polly's timeout strategy accepts them.</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromHours(24);

    /// <summary>The shortest sampling window chosen when <see cref="FibreCafeCircuitBreakerOptions.SamplingDuration"/> is not set.</summary>
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(15);

    /// <summary>The shortest break, as Polly's circuit breaker accepts it.</summary>
    public static readonly TimeSpan MinimumBreakDuration = TimeSpan.FromMilliseconds(500);
}
