namespace FibreCafe.Testing;

/// <summary>Faults to inject into a running <see cref="FibreCafeSandbox"/>, for testing how your code copes.</summary>
public sealed class SandboxFaults
{
    private int _failuresLeft;

    /// <summary>Gets or sets a value indicating whether the token endpoint answers 503 to every request.</summary>
    public bool TokenEndpointDown { get; set; }

    /// <summary>Gets or sets extra latency added to every answer (token and cancellation endpoints).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Gets the status the next failing cancellation calls answer with.</summary>
    public int FailureStatus { get; private set; } = 503;

    /// <summary>Makes the next <paramref name="count"/> cancellation calls fail (a burst), then recover.</summary>
    /// <param name="count">How many calls fail.</param>
    /// <param name="status">The status they answer with; 503 (no body, as on the gateway) by default.</param>
    public void FailNextCancellations(int count, int status = 503)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        FailureStatus = status;
        Volatile.Write(ref _failuresLeft, count);
    }

    /// <summary>Removes every fault.</summary>
    public void Reset()
    {
        TokenEndpointDown = false;
        Latency = TimeSpan.Zero;
        Volatile.Write(ref _failuresLeft, 0);
    }

    internal bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failuresLeft);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failuresLeft, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
