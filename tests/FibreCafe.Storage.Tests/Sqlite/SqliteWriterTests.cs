using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FibreCafe.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>
/// Every write of the SQLite store goes through one writer: writes queued behind a commit share the next one,
/// are answered only after it, and a write that fails (or a batch that cannot commit) loses nothing it answered.
/// </summary>
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-writer-");
    private readonly SqliteKciDatabase _database;

    public SqliteWriterTests() =>
        _database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = Path.Combine(_folder.FullName, "kci.db") }));

    public Task InitializeAsync() =>
        _database.WriteAsync(s => s.ExecuteAsync("CREATE TABLE numbers (n INTEGER PRIMARY KEY);", CancellationToken.None), CancellationToken.None);

    [Fact]
    public async Task Writes_queued_behind_a_commit_share_the_next_one_and_a_failing_write_fails_alone()
    {
        var firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transactions = new ConcurrentDictionary<int, int>();
        Task<int> Insert(int n) => _database.WriteAsync(async session =>
        {
            transactions[n] = RuntimeHelpers.GetHashCode(((SqliteSession)session).Transaction!);
            if (n == 0)
            {
                firstStarted.SetResult();
                await firstHeld.Task;
            }

            await session.ExecuteAsync("INSERT INTO numbers (n) VALUES ($n);", CancellationToken.None, ("$n", n));
            return n == 13 ? throw new InvalidOperationException("refused after its insert") : n * 10;
        }, CancellationToken.None);

        var first = Insert(0);
        await firstStarted.Task;
        var queued = Enumerable.Range(1, 20).Select(Insert).ToList();
        firstHeld.SetResult();

        Assert.Equal(0, await first);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => queued[12]);
        Assert.Equal("refused after its insert", refused.Message);
        Assert.Equal(Enumerable.Range(1, 20).Where(i => i != 13).Select(i => i * 10), await Task.WhenAll(queued.Where((_, i) => i != 12)));

        // 1..20 queued while 0's transaction was open, so they shared the next one, the refused one too.
        Assert.Single(Enumerable.Range(1, 20).Select(i => transactions[i]).Distinct());
        Assert.NotEqual(transactions[0], transactions[1]);

        // The refused write was rolled back to its savepoint; every answered one is stored.
        Assert.Equal(Enumerable.Range(0, 21).Where(i => i != 13).Select(i => (long)i), await NumbersAsync());
    }

    [Fact]
    public async Task Writes_run_on_the_writers_own_thread_and_not_on_the_thread_pool()
    {
        // The writer is the receiver's one serial step: on the pool its wake-ups queued behind HTTP work.
        var threads = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _database.WriteAsync(
            _ => Task.FromResult((Thread.CurrentThread.ManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)),
            CancellationToken.None)));

        Assert.Single(threads.Distinct());
        Assert.False(threads[0].IsThreadPoolThread);
        Assert.Equal("FibreCafe SQLite writer", threads[0].Name);
    }

    [Fact]
    public async Task A_write_is_answered_only_after_the_commit_of_its_batch()
    {
        var blockerHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = await StartHeldWriteAsync(blockerHeld.Task);
        var inside = _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (2);", CancellationToken.None), CancellationToken.None);
        var last = _database.WriteAsync(async _ => { lastStarted.SetResult(); await batchHeld.Task; return 0; }, CancellationToken.None);

        blockerHeld.SetResult();
        await blocker;
        await lastStarted.Task; // 'inside' ran before it, in the same transaction, which is still open

        Assert.False(inside.IsCompleted);
        Assert.Empty(await NumbersAsync());
        batchHeld.SetResult();
        Assert.Equal(1, await inside);
        await last;
        Assert.Equal([2L], await NumbersAsync());
    }

    [Fact]
    public async Task A_batch_that_cannot_commit_fails_every_write_in_it_and_the_writer_recovers()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = await StartHeldWriteAsync(held.Task);
        var stored = _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (7);", CancellationToken.None), CancellationToken.None);

        // As when SQLite rolls the whole transaction back by itself (disk full, I/O error).
        var breaker = _database.WriteAsync(s => s.ExecuteAsync("ROLLBACK;", CancellationToken.None), CancellationToken.None);
        held.SetResult();
        await blocker;

        // The same failure for the whole batch; 'stored' had succeeded, but its transaction is gone.
        var storedFailure = await Assert.ThrowsAnyAsync<Exception>(() => stored);
        Assert.Same(storedFailure, await Assert.ThrowsAnyAsync<Exception>(() => breaker));
        Assert.Empty(await NumbersAsync());

        Assert.Equal(1, await _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (8);", CancellationToken.None), CancellationToken.None));
        Assert.Equal([8L], await NumbersAsync());
    }

    [Fact]
    public async Task A_write_cancelled_before_it_starts_is_not_run()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = await StartHeldWriteAsync(held.Task);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var cancelled = _database.WriteAsync(
            async s => { ran = true; return await s.ExecuteAsync("INSERT INTO numbers (n) VALUES (3);", CancellationToken.None); }, cancel.Token);
        await cancel.CancelAsync();
        held.SetResult();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, await _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (4);", CancellationToken.None), CancellationToken.None));
        Assert.False(ran);
        Assert.Equal([4L], await NumbersAsync());
    }

    [Fact]
    public async Task A_lone_write_is_committed_at_once_and_the_writer_wakes_for_later_ones()
    {
        Assert.Equal(1, await _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (1);", CancellationToken.None), CancellationToken.None));
        await Task.Delay(50); // the writer has gone idle
        Assert.Equal(1, await _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (2);", CancellationToken.None), CancellationToken.None));
        Assert.Equal([1L, 2L], await NumbersAsync());
    }

    [Fact]
    public async Task Reads_reuse_their_sessions_and_a_failed_read_leaves_later_ones_unaffected()
    {
        SqliteConnection? first = null;
        await _database.ReadAsync(s => { first = ((SqliteSession)s).Connection; return s.QueryAsync("SELECT n FROM numbers;", r => r.FirstLong(), CancellationToken.None); }, CancellationToken.None);
        SqliteConnection? second = null;
        await _database.ReadAsync(s => { second = ((SqliteSession)s).Connection; return s.QueryAsync("SELECT n FROM numbers;", r => r.FirstLong(), CancellationToken.None); }, CancellationToken.None);
        Assert.Same(first, second);

        await Assert.ThrowsAsync<SqliteException>(() => _database.ReadAsync(s => s.ExecuteAsync("SELECT * FROM no_such_table;", CancellationToken.None), CancellationToken.None));
        Assert.Equal(System.Data.ConnectionState.Closed, first!.State); // the failed session was closed, not kept

        await _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (5);", CancellationToken.None), CancellationToken.None);
        Assert.Equal([5L], await NumbersAsync());
    }

    [Fact]
    public async Task The_log_is_checkpointed_into_the_database_file_shortly_after_writes_not_by_the_writer()
    {
        var file = new FileInfo(Path.Combine(_folder.FullName, "kci.db"));
        var before = file.Length;

        // About 2 MB: far below the writer's own automatic threshold (10,000 pages, ~40 MB), so only the
        // checkpointer can move it into the database file.
        var blob = new byte[4000];
        await Task.WhenAll(Enumerable.Range(100, 500).Select(n => _database.WriteAsync(
            s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES ($n); CREATE TABLE IF NOT EXISTS blobs (b BLOB); INSERT INTO blobs VALUES ($b);", CancellationToken.None, ("$n", n), ("$b", blob)),
            CancellationToken.None)));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (file.Length - before < 1_000_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            file.Refresh();
        }

        Assert.True(file.Length - before >= 1_000_000, $"the database file grew by {file.Length - before} bytes only");
    }

    [Fact]
    public async Task Writes_after_disposal_are_refused()
    {
        await _database.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => _database.WriteAsync(s => s.ExecuteAsync("INSERT INTO numbers (n) VALUES (1);", CancellationToken.None), CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    // A write that has started (so what is queued next goes into the next transaction) and waits for 'release'.
    private async Task<Task<int>> StartHeldWriteAsync(Task release)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = _database.WriteAsync(async _ => { started.SetResult(); await release; return 0; }, CancellationToken.None);
        await started.Task;
        return write;
    }

    private Task<List<long>> NumbersAsync() =>
        _database.ReadAsync(s => s.QueryAsync("SELECT n FROM numbers ORDER BY n;", r => r.FirstLong(), CancellationToken.None), CancellationToken.None);
}
