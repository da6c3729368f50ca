namespace FibreCafe.Requests.Processing;

/// <summary>
/// Wakes the processing run as soon as a request is submitted, rescheduled or resubmitted, so it does not wait for its
/// next poll. The run resets it before it looks for work, so a signal raised meanwhile is never lost.
/// </summary>
internal sealed class CancellationProcessingSignal
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

    /// <summary>Waits for a signal, or for <paramref name="timeout"/> on the given clock.</summary>
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
