namespace FibreCafe.Client;

/// <summary>When the circuit breaker stops calls to a failing gateway, bound from <c>FibreCafe:Resilience:CircuitBreaker</c>.</summary>
public sealed class FibreCafeCircuitBreakerOptions
{
    /// <summary>Gets or sets a value indicating whether the breaker is used. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the share of failed attempts (0 to 1) in the sampling window that opens the breaker. Default: 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the fewest attempts in the window before the breaker may open. Default: 20.</summary>
    public int MinimumThroughput { get; set; } = 20;

    /// <summary>The shortest sampling window chosen when <see cref="SamplingDuration"/> is not set: 30 s.</summary>
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the sampling window; it must be at least twice <see cref="FibreCafeResilienceOptions.AttemptTimeout"/>,
    /// so that the window sees the attempts that time out. Default (<see langword="null"/>): the larger of
    /// <see cref="DefaultSamplingDuration"/> (30 s) and twice the attempt timeout, see <see cref="GetEffectiveSamplingDuration"/>.
    /// </summary>
    public TimeSpan? SamplingDuration { get; set; }

    /// <summary>Gets or sets how long the breaker stays open before letting a trial call through. Default: 15 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets the sampling window in use: <see cref="SamplingDuration"/>, or the default derived from the attempt timeout.</summary>
    /// <param name="attemptTimeout">The attempt timeout, <see cref="FibreCafeResilienceOptions.AttemptTimeout"/>.</param>
    /// <returns>The sampling window.</returns>
    public TimeSpan GetEffectiveSamplingDuration(TimeSpan attemptTimeout) =>
        SamplingDuration ?? (2 * attemptTimeout > DefaultSamplingDuration ? 2 * attemptTimeout : DefaultSamplingDuration);
}
