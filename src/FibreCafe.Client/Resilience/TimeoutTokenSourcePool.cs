using System.Collections.Concurrent;

namespace FibreCafe.Client.Resilience;

/// <summary>
/// Reuses the <see cref="CancellationTokenSource"/>s behind the client's timeouts, as Polly's timeout strategy
/// does: a source whose timer did not fire is reset (<see cref="CancellationTokenSource.TryReset"/>) and handed
/// to the next call instead of allocating a source and its timer per call. The timers run on the injected
/// <see cref="TimeProvider"/>, so tests that fake time also fake the timeouts; only sources on the system clock
/// can be reset, so with another clock each timeout gets a new source.
/// </summary>
internal sealed class TimeoutTokenSourcePool(TimeProvider timeProvider)
{
    // Enough for every call in flight on a busy host; beyond it, spare sources are simply disposed.
    private static readonly int MaxPooled = Math.Max(16, Environment.ProcessorCount * 8);

    private readonly ConcurrentQueue<CancellationTokenSource> _pooled = new();
    private int _count;

    /// <summary>
    /// Starts a timeout: the token cancels after <paramref name="timeout"/>, or as soon as
    /// <paramref name="cancellationToken"/> does. Pass the result to <see cref="End"/> when the guarded work has ended.
    /// </summary>
    public TimeoutScope Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_pooled.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _count);
        }
        else
        {
            source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        }

        source.CancelAfter(timeout);
        var link = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
            : default;
        return new TimeoutScope(source, link);
    }

    /// <summary>Stops the timeout and keeps its source for another call, unless it was cancelled.</summary>
    public void End(TimeoutScope scope)
    {
        // Unlink first (this waits for a caller cancellation that is running), so that the caller's token can
        // never cancel the source after another call took it.
        scope.Link.Dispose();
        var source = scope.Source;
        // A source that was cancelled (its timer fired, or the caller cancelled) cannot be reset.
        if (source.TryReset())
        {
            if (Interlocked.Increment(ref _count) <= MaxPooled)
            {
                _pooled.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _count);
        }

        source.Dispose();
    }
}
