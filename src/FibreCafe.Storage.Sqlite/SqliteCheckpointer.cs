using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file from a connection of its own, shortly after writes, so that
/// the writer does not have to.
/// </summary>
/// <remarks>
/// Why: SQLite's automatic checkpoint runs inside the commit that takes the log past 1,000 pages, and syncs the
/// database file there; every write queued behind that commit, and every KCI acknowledgement waiting on one, waited
/// with it (the receiver's rare slow answers at a steady 1,000 KCI/s). A passive checkpoint from another connection
/// waits for no reader or writer. The writer keeps a high automatic threshold (<see cref="WriterAutoCheckpointPages"/>)
/// only as a backstop, should checkpoints here keep failing.
/// </remarks>
internal sealed class SqliteCheckpointer(Func<CancellationToken, Task<SqliteConnection>> openConnection, TimeSpan interval) : IAsyncDisposable
{
    /// <summary>The writer's <c>wal_autocheckpoint</c>: ten times SQLite's default.</summary>
    public const int WriterAutoCheckpointPages = 10_000;

    private readonly CancellationTokenSource _stop = new();
    private readonly object _startLock = new();
    private int _pending;
    private int _disposed;
    private Task? _loop;

    /// <summary>Notes that a transaction committed; a checkpoint follows within the interval.</summary>
    public void Committed()
    {
        Volatile.Write(ref _pending, 1);
        if (Volatile.Read(ref _loop) is null && Volatile.Read(ref _disposed) == 0)
        {
            lock (_startLock)
            {
                _loop ??= Task.Run(RunAsync);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_startLock)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                if (Interlocked.Exchange(ref _pending, 0) == 0)
                {
                    continue;
                }

                try
                {
                    connection ??= await openConnection(_stop.Token).ConfigureAwait(false);
                    await new SqliteSession(connection).ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE);", _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
                {
                    // Harmless: the log keeps its pages until a later checkpoint (or the writer's backstop) moves them.
                    Volatile.Write(ref _pending, 1);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
        finally
        {
            connection?.Dispose();
        }
    }
}
