using FibreCafe.Client.Resilience;

namespace FibreCafe.Client;

/// <summary>
/// How the client rides out transient faults, bound from the <c>Resilience</c> key of the client's section
/// (<c>FibreCafe:Resilience</c>). The pipeline is, outermost first: total timeout, retry, circuit breaker, attempt timeout.
/// </summary>
public sealed class FibreCafeResilienceOptions
{
    /// <summary>Gets or sets the most attempts per call, the first included (1 = no retry). Default: 4; 1 to 20.</summary>
    public int MaxAttempts { get; set; } = ResilienceConstants.DefaultMaxAttempts;

    /// <summary>Gets or sets the base delay of the exponential back-off (jittered). Default: 1 s; not negative.</summary>
    public TimeSpan BaseDelay { get; set; } = ResilienceConstants.DefaultBaseDelay;

    /// <summary>
    /// Gets or sets the longest delay between two attempts, unless <c>Retry-After</c> asks for more. Default: 30 s; not
    /// below <see cref="BaseDelay"/>.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = ResilienceConstants.DefaultMaxDelay;

    /// <summary>
    /// Gets or sets the timeout of one attempt: sending the request and reading the whole answer, its body
    /// included (the wait for an access token is bounded by <see cref="FibreCafeClientOptions.TokenRequestTimeout"/>
    /// instead). Default: 10 s; 10 ms to 24 h, and below <see cref="TotalTimeout"/>.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = ResilienceConstants.DefaultAttemptTimeout;

    /// <summary>
    /// Gets or sets the timeout of a whole call: token, attempts, their answers' bodies, retries and waits included.
    /// Default: 60 s; 10 ms to 24 h.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = ResilienceConstants.DefaultTotalTimeout;

    /// <summary>
    /// Gets or sets a value indicating whether a POST is retried after an ambiguous failure that the gateway
    /// may have processed: a 500, or an attempt timeout or broken connection after the request was sent.
    /// Default: <see langword="false"/>, because the gateway offers no idempotency key and a retry may create
    /// a second cancellation.
    /// </summary>
    public bool RetryAmbiguousFailures { get; set; } = ResilienceConstants.DefaultRetryAmbiguousFailures;

    /// <summary>Gets or sets the circuit breaker settings, bound from <c>Resilience:CircuitBreaker</c>.</summary>
    public FibreCafeCircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
