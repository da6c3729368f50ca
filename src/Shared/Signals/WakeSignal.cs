namespace FibreCafe.Shared;

/// <summary>
/// Wakes a background loop as soon as there is work, so it does not wait for its next poll. The loop resets it before
/// it looks for work, so a signal raised meanwhile is never lost. Compiled into each package that has such a loop
/// (the KCI dispatcher, the cancellation processing run), each with a type of its own for DI.
/// </summary>
internal class WakeSignal
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Volatile.Read(ref _signal).TrySetResult();

    public void Reset()
    {
        if (Volatile.Read(ref _signal).Task.IsCompleted)
        {
            Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Waits for a signal, at most <paramref name="timeout"/> on the given clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _signal).Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Time to look again anyway.
        }
    }
}
