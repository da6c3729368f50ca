namespace FibreCafe.Client;

/// <summary>
/// The gateway was unavailable after the retries the policy allows: a 5xx, 408 or 429 answer, a
/// connection failure, a timeout, or an open circuit breaker. The call may be tried again later.
/// </summary>
public sealed class FibreCafeUnavailableException : FibreCafeApiException
{
    /// <summary>Initializes a new instance of the <see cref="FibreCafeUnavailableException"/> class.</summary>
    /// <param name="status">The HTTP status, or <see langword="null"/> when no response arrived.</param>
    /// <param name="error">The parsed error body, if any.</param>
    /// <param name="responseBody">The raw response body.</param>
    /// <param name="correlation">The ids of the call.</param>
    /// <param name="retryAfter">The wait the gateway asked for in <c>Retry-After</c>, if any.</param>
    /// <param name="mayHaveBeenProcessed">Whether the gateway may have acted on the request despite the failure.</param>
    /// <param name="message">The message; composed from the other values when omitted.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public FibreCafeUnavailableException(
        int? status,
        GatewayError? error,
        string? responseBody,
        FibreCafeCorrelation? correlation,
        TimeSpan? retryAfter = null,
        bool mayHaveBeenProcessed = false,
        string? message = null,
        Exception? innerException = null)
        : base(status, error, responseBody, correlation, message, innerException)
    {
        RetryAfter = retryAfter;
        MayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /// <summary>Gets the wait the gateway asked for in <c>Retry-After</c>, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Gets a value indicating whether the gateway may have acted on the request despite the failure
    /// (a 500, or a timeout or broken connection after the request was sent). The gateway has no
    /// idempotency key: look the order up before sending the cancellation again.
    /// </summary>
    public bool MayHaveBeenProcessed { get; }
}
