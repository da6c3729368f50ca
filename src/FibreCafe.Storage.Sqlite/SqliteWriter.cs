using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// The one writer of the store. Every write of the process (KCI inserts, claims, completions, failures, ledger
/// changes) is queued here and run by one loop, on a thread of its own, on one long-lived connection: it takes
/// everything queued (up to <see cref="MaxBatch"/> operations), runs them in one <c>BEGIN IMMEDIATE</c>
/// transaction, commits once (a full sync with <c>synchronous=FULL</c>) and only then answers the callers.
/// </summary>
/// <remarks>
/// Why: with one transaction per operation on pooled connections, concurrent writers raced for SQLite's single
/// write lock and the losers slept in its busy handler (back-off sleeps up to 100 ms) instead of being woken; a
/// commit, not a row, is what costs a disk sync. Here writers never contend, and operations that queue behind a
/// commit share the next one. An operation that throws fails alone (the batch runs again with a savepoint per
/// operation and the failing one rolled back to its own); when the transaction itself cannot commit, every
/// operation of the batch fails, none of them having been answered, so a KCI is still acknowledged only once it
/// is durable.
/// <para>
/// The loop has a thread of its own because it is the one serial step of the receiver, and SQLite's calls block:
/// on the thread pool its disk syncs held a pool thread and each wake-up was a work item queued behind the HTTP work
/// it was holding up. Measured on 2 cores: 7–21 % more KCIs acknowledged per second under load.
/// </para>
/// </remarks>
internal sealed class SqliteWriter(Func<CancellationToken, Task<SqliteConnection>> openConnection, Action? committed = null) : IAsyncDisposable
{
    /// <summary>The most operations in one transaction: bounds how long the first of them waits for its answer.</summary>
    public const int MaxBatch = 256;

    // The queue's one continuation is the writer thread's wake-up: run inline, it is a signal; otherwise it would be a
    // thread-pool work item, queued behind the HTTP work that waits for the writer.
    private readonly Channel<Operation> _queue = Channel.CreateUnbounded<Operation>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly object _startLock = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _loop;

    /// <summary>Queues a write; it runs in the writer's transaction and is answered after that transaction commits.</summary>
    /// <param name="write">The write; it must use the session it is given and nothing else of the database.</param>
    /// <param name="cancellationToken">Skips the write if it has not started yet; stops waiting for the answer.</param>
    public Task<T> WriteAsync<T>(Func<StoreSession, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new Operation<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "The SQLite store is shutting down or its writer has stopped.");
        }

        EnsureRunning();

        // A caller that stops waiting may still see its write committed, which is harmless for the inbox: the
        // gateway delivers an unacknowledged KCI again, and it is then acknowledged as a duplicate.
        return cancellationToken.CanBeCanceled ? operation.Task.WaitAsync(cancellationToken) : operation.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Thread? loop;
        lock (_startLock)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await _stopped.Task.ConfigureAwait(false);
        }
    }

    private void EnsureRunning()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_startLock)
        {
            if (_loop is null)
            {
                var loop = new Thread(Run) { IsBackground = true, Name = "FibreCafe SQLite writer" };
                loop.UnsafeStart(); // the first caller's ExecutionContext (Activity, log scopes) is not the writer's
                _loop = loop;
            }
        }
    }

    private void Run()
    {
        try
        {
            Loop();
        }
#pragma warning disable CA1031 // On its own thread an escaping exception would end the process: fail the queue instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _queue.Writer.TryComplete(ex);
            while (_queue.Reader.TryRead(out var operation))
            {
                operation.Fail(ex);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Loop()
    {
        var batch = new List<Operation>(MaxBatch);
        SqliteSession? session = null;
        try
        {
            while (WaitForWrites())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var operation))
                {
                    batch.Add(operation);
                }

                try
                {
                    session ??= new SqliteSession(openConnection(CancellationToken.None).GetAwaiter().GetResult(), keepStatements: true);
                    CommitAsync(session, batch).GetAwaiter().GetResult();
                    committed?.Invoke();
                }
#pragma warning disable CA1031 // Every failure goes to the callers; the endpoint answers 503 and the gateway delivers again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    foreach (var operation in batch)
                    {
                        operation.Fail(ex);
                    }

                    // The connection may be what failed (disk, file replaced): the next batch opens a new one.
                    session?.Close();
                    session = null;
                }
            }
        }
        finally
        {
            session?.Close();
        }
    }

    // Blocks the writer's own thread until a write is queued or the queue is completed.
    private bool WaitForWrites()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private static async Task CommitAsync(SqliteSession session, List<Operation> batch)
    {
        // Optimistic first: no savepoints (two more statements per write). If a write throws, the whole
        // transaction is rolled back and the batch runs again with one savepoint per write, so that the failing
        // write fails alone. Writes may run twice that way, never commit twice: they only touch the session.
        if (!await TryCommitAsync(session, batch, isolate: false).ConfigureAwait(false))
        {
            await TryCommitAsync(session, batch, isolate: true).ConfigureAwait(false);
        }

        // Only now is every change of the batch durable.
        foreach (var operation in batch)
        {
            operation.Answer();
        }
    }

    private static async Task<bool> TryCommitAsync(SqliteSession session, List<Operation> batch, bool isolate)
    {
        var transaction = session.Connection.BeginTransaction(deferred: false);
        await using (transaction.ConfigureAwait(false))
        {
            session.Transaction = transaction;
            try
            {
                foreach (var operation in batch)
                {
                    if (!isolate)
                    {
                        await operation.RunAsync(session).ConfigureAwait(false);
                    }
                    else
                    {
                        await RunIsolatedAsync(session, operation).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return true;
            }
#pragma warning disable CA1031 // Not the answer yet: the batch runs again, each write in its own savepoint.
            catch (Exception) when (!isolate)
#pragma warning restore CA1031
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return false;
            }
            finally
            {
                session.Transaction = null;
            }
        }
    }

    private static async Task RunIsolatedAsync(SqliteSession session, Operation operation)
    {
        await session.ExecuteAsync("SAVEPOINT fibrecafe_write;", CancellationToken.None).ConfigureAwait(false);
        try
        {
            await operation.RunAsync(session).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The write's own failure is its caller's answer; the rest of the batch goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            operation.Refuse(ex);

            // If SQLite already rolled the whole transaction back (e.g. disk full), this throws and fails the batch.
            await session.ExecuteAsync("ROLLBACK TO fibrecafe_write;", CancellationToken.None).ConfigureAwait(false);
        }

        await session.ExecuteAsync("RELEASE fibrecafe_write;", CancellationToken.None).ConfigureAwait(false);
    }

    private abstract class Operation
    {
        public abstract Task RunAsync(SqliteSession session);

        /// <summary>The operation failed alone; it is answered with the failure after the batch commits.</summary>
        public abstract void Refuse(Exception failure);

        /// <summary>The batch committed: answers the result, or the operation's own failure.</summary>
        public abstract void Answer();

        /// <summary>The batch did not commit: nothing of it is stored.</summary>
        public abstract void Fail(Exception failure);
    }

    private sealed class Operation<T>(Func<StoreSession, Task<T>> write, CancellationToken cancellationToken) : Operation
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _refusal;

        public Task<T> Task => _completion.Task;

        public override async Task RunAsync(SqliteSession session)
        {
            _refusal = null; // a batch may run twice: only the last run counts
            cancellationToken.ThrowIfCancellationRequested();
            _result = await write(session).ConfigureAwait(false);
        }

        public override void Refuse(Exception failure) => _refusal = failure;

        public override void Answer()
        {
            if (_refusal is null)
            {
                _completion.TrySetResult(_result!);
            }
            else if (_refusal is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(cancellationToken);
            }
            else
            {
                _completion.TrySetException(_refusal);
            }
        }

        public override void Fail(Exception failure) => _completion.TrySetException(failure);
    }
}
