using FibreCafe.Client.Resilience;

namespace FibreCafe.Client;

/// <summary>
/// When the circuit breaker stops calls to a failing gateway, bound from the <c>Resilience:CircuitBreaker</c> key of the
/// client's section (<c>FibreCafe:Resilience:CircuitBreaker</c>). Each registered client has a breaker of its own.
/// The limits below are checked only while <see cref="Enabled"/> is set.
/// </summary>
public sealed class FibreCafeCircuitBreakerOptions
{
    /// <summary>The shortest sampling window chosen when <see cref="SamplingDuration"/> is not set: 30 s.</summary>
    public static readonly TimeSpan DefaultSamplingDuration = ResilienceConstants.DefaultSamplingDuration;

    /// <summary>Gets or sets a value indicating whether the breaker is used. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = ResilienceConstants.DefaultCircuitBreakerEnabled;

    /// <summary>
    /// Gets or sets the share of failed attempts in the sampling window that opens the breaker. Default: 0.5; above 0
    /// and at most 1.
    /// </summary>
    public double FailureRatio { get; set; } = ResilienceConstants.DefaultFailureRatio;

    /// <summary>Gets or sets the fewest attempts in the window before the breaker may open. Default: 20; at least 2.</summary>
    public int MinimumThroughput { get; set; } = ResilienceConstants.DefaultMinimumThroughput;

    /// <summary>
    /// Gets or sets the sampling window; it must be at least twice <see cref="FibreCafeResilienceOptions.AttemptTimeout"/>,
    /// so that the window sees the attempts that time out. Default (<see langword="null"/>): the larger of
    /// <see cref="DefaultSamplingDuration"/> (30 s) and twice the attempt timeout, see <see cref="GetEffectiveSamplingDuration"/>.
    /// </summary>
    public TimeSpan? SamplingDuration { get; set; }

    /// <summary>Gets or sets how long the breaker stays open before letting a trial call through. Default: 15 s; at least 500 ms.</summary>
    public TimeSpan BreakDuration { get; set; } = ResilienceConstants.DefaultBreakDuration;

    /// <summary>Gets the sampling window in use: <see cref="SamplingDuration"/>, or the default derived from the attempt timeout.</summary>
    /// <param name="attemptTimeout">The attempt timeout, <see cref="FibreCafeResilienceOptions.AttemptTimeout"/>.</param>
    /// <returns>The sampling window.</returns>
    public TimeSpan GetEffectiveSamplingDuration(TimeSpan attemptTimeout)
    {
        if (SamplingDuration is { } set)
        {
            return set;
        }

        var followingAttempts = ResilienceConstants.SamplingDurationAttemptTimeouts * attemptTimeout;
        return followingAttempts > DefaultSamplingDuration ? followingAttempts : DefaultSamplingDuration;
    }
}
