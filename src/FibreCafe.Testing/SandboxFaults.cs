using FibreCafe.Testing.Internal;

namespace FibreCafe.Testing;

/// <summary>Faults to inject into a running <see cref="FibreCafeSandbox"/>, for testing how your code copes.</summary>
public sealed class SandboxFaults
{
    private InjectedFailure _failure = new(503);
    private int _failuresLeft;
    private InjectedFailure _processedFailure = new(500);
    private int _processedFailuresLeft;

    /// <summary>Gets or sets a value indicating whether the token endpoint answers 503 to every request.</summary>
    public bool TokenEndpointDown { get; set; }

    /// <summary>Gets or sets extra latency added to every answer (token and cancellation endpoints).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Gets the status the next failing cancellation calls answer with.</summary>
    public int FailureStatus => Volatile.Read(ref _failure).Status;

    /// <summary>
    /// Makes the next <paramref name="count"/> cancellation calls fail (a burst), then recover, with the answer
    /// the gateway gives for <paramref name="status"/>: 400 <c>MALFORMED_REQUEST</c>, 401 <c>NOT_AUTHORISED</c>,
    /// 404 <c>NOT_FOUND</c>, 422 <c>INVALID_REQUEST</c> naming <c>reasonCode</c>, 500 <c>GATEWAY_FAULT</c>,
    /// 501 and 502 <c>SUPPLIER_FAULT</c>, each in the <c>{uuid, code, messages}</c> body; 403 (the WAF), 408,
    /// 429 (with <c>Retry-After: 1</c>), 503 and 504 without a body. Other 4xx get <c>INVALID_REQUEST</c> and
    /// other 5xx <c>GATEWAY_FAULT</c>, with a message saying the status is not one the gateway documents.
    /// </summary>
    /// <param name="count">How many calls fail.</param>
    /// <param name="status">The status they answer with, 200 to 599; 503 (no body, as on the gateway) by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or <paramref name="status"/> outside 200 to 599.</exception>
    public void FailNextCancellations(int count, int status = 503) => Arm(count, new InjectedFailure(ValidStatus(status)));

    /// <summary>
    /// Makes the next <paramref name="count"/> cancellation calls fail with your own body, then recover: e.g. a
    /// proxy's HTML page, or a gateway error with a code of your choosing. The status's headers stay
    /// (<c>Retry-After</c> on 429).
    /// </summary>
    /// <param name="count">How many calls fail.</param>
    /// <param name="status">The status they answer with, 200 to 599.</param>
    /// <param name="body">The body, sent as given; empty for none.</param>
    /// <param name="contentType">The body's content type. Default: <c>application/json</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or <paramref name="status"/> outside 200 to 599.</exception>
    public void FailNextCancellationsWith(int count, int status, string body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        Arm(count, new InjectedFailure(ValidStatus(status), body, contentType));
    }

    /// <summary>Removes every fault.</summary>
    /// <summary>
    /// Gets or sets a value indicating whether every KCI is delivered twice (the same body and KCI id, a new
    /// <c>X-Request-ID</c>), as the gateway may when it did not see the first acknowledgement.
    /// </summary>
    public bool DuplicateKcis { get; set; }

    /// <summary>Gets or sets a value indicating whether a cancellation's KCIs are delivered newest first, keeping their sequence numbers.</summary>
    public bool ReorderKcis { get; set; }

    /// <summary>
    /// Makes the next <paramref name="count"/> cancellations be processed (a gateway id taken, their KCIs sent as usual)
    /// while the answer is the gateway's error for <paramref name="status"/>: the ambiguous failure after which a client
    /// must not resend, and which only the KCIs reconcile.
    /// </summary>
    /// <param name="count">How many cancellations.</param>
    /// <param name="status">The status answered instead of 201 (500 by default).</param>
    public void ProcessNextCancellationsButFail(int count, int status = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Volatile.Write(ref _processedFailure, new InjectedFailure(ValidStatus(status)));
        Volatile.Write(ref _processedFailuresLeft, count);
    }

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        TokenEndpointDown = false;
        DuplicateKcis = false;
        ReorderKcis = false;
        Volatile.Write(ref _processedFailuresLeft, 0);
        Latency = TimeSpan.Zero;
        Volatile.Write(ref _failuresLeft, 0);
    }

    /// <summary>Takes one failure of the burst; <see langword="null"/> when the burst is over.</summary>
    internal InjectedFailure? TakeFailure() => Take(ref _failuresLeft, ref _failure);

    /// <summary>The answer to give instead of 201 after processing the cancellation, if one is armed.</summary>
    internal InjectedFailure? TakeProcessedFailure() => Take(ref _processedFailuresLeft, ref _processedFailure);

    private static InjectedFailure? Take(ref int counter, ref InjectedFailure failure)
    {
        while (true)
        {
            var left = Volatile.Read(ref counter);
            if (left <= 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref counter, left - 1, left) == left)
            {
                return Volatile.Read(ref failure);
            }
        }
    }

    private static int ValidStatus(int status)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return status;
    }

    private void Arm(int count, InjectedFailure failure)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // The answer first, then the count: a call that takes one of the new failures sees the new answer.
        Volatile.Write(ref _failure, failure);
        Volatile.Write(ref _failuresLeft, count);
    }
}
