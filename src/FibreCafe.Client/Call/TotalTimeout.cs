using FibreCafe.Client.Resilience;
using Polly.Timeout;

namespace FibreCafe.Client.Call;

/// <summary>
/// The total timeout of one call (<see cref="FibreCafeResilienceOptions.TotalTimeout"/>), around the whole resilience
/// pipeline: every attempt, the waits between them and the token waits count against it. A timeout from
/// <see cref="TimeoutTokenSourcePool"/>, ended with <see cref="End"/> once the pipeline has answered.
/// </summary>
internal readonly struct TotalTimeout
{
    private readonly TimeoutTokenSourcePool _pool;
    private readonly TimeoutScope _scope;
    private readonly TimeSpan _timeout;

    private TotalTimeout(TimeoutTokenSourcePool pool, TimeoutScope scope, TimeSpan timeout)
    {
        _pool = pool;
        _scope = scope;
        _timeout = timeout;
    }

    /// <summary>Gets the token the pipeline runs under: it cancels when the timeout ends or the caller cancels.</summary>
    public CancellationToken Token => _scope.Token;

    public static TotalTimeout Start(TimeoutTokenSourcePool pool, TimeSpan timeout, CancellationToken callerToken) =>
        new(pool, pool.Start(timeout, callerToken), timeout);

    /// <summary>Returns the <see cref="TimeoutRejectedException"/> that replaces <paramref name="exception"/> when this timeout ended the call.</summary>
    public TimeoutRejectedException? Rejection(Exception exception, CancellationToken callerToken) =>
        _scope.Rejection(exception, callerToken, _timeout);

    /// <summary>Stops the timeout and hands its source back to the pool.</summary>
    public void End() => _pool.End(_scope);
}
