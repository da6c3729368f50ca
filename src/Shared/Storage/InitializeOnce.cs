namespace FibreCafe.Storage.Shared;

/// <summary>Runs a store's initialization once: callers that come together wait for the first; a failed run is tried again by the next caller.</summary>
internal sealed class InitializeOnce(Func<CancellationToken, Task> initialize) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    public bool IsDone => _done;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                await initialize(cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
