using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Group commit for inserts: while one transaction commits (a full sync to disk), the inserts that arrive
/// queue up, and the next transaction writes them all. Each caller is answered only once the transaction
/// holding its row has committed, so an acknowledged KCI is still a durable one; there is no timer, so a
/// lone insert is written at once. A failed batch is written again one row per transaction, so that one
/// bad row cannot fail the others.
/// </summary>
/// <typeparam name="TItem">What is inserted.</typeparam>
/// <typeparam name="TResult">What each insert answers.</typeparam>
internal sealed class SqliteGroupCommit<TItem, TResult>(
    SqliteKciDatabase database,
    Func<SqliteConnection, SqliteTransaction, TItem, Task<TResult>> insert,
    int maxBatch = 256)
{
    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _draining;

    public Task<TResult> AddAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        // A caller that gives up is not answered; its row may still be written, which is harmless: the
        // gateway delivers the KCI again and it is then acknowledged as a duplicate.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        var batch = new List<Pending>(maxBatch);
        while (true)
        {
            batch.Clear();
            while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _draining, 0);
                // An item enqueued after the last TryDequeue but before the flag was cleared has no drainer yet.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            await WriteAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var results = await database.WriteAsync(async (connection, transaction) =>
            {
                var answers = new TResult[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    answers[i] = await insert(connection, transaction, batch[i].Item).ConfigureAwait(false);
                }

                return answers;
            }, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
#pragma warning disable CA1031 // Every failure is handed to the callers, who answer 503 so the gateway delivers again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (batch.Count == 1)
            {
                batch[0].Completion.TrySetException(ex);
                return;
            }

            foreach (var single in batch)
            {
                await WriteAsync([single]).ConfigureAwait(false);
            }
        }
    }

    private sealed class Pending(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
