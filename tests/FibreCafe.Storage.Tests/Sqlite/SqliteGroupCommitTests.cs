using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FibreCafe.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>The SQLite inbox shares commits between concurrent inserts; a bad row must fail alone.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-group-commit-");
    private readonly SqliteKciDatabase _database;

    public SqliteGroupCommitTests() =>
        _database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = Path.Combine(_folder.FullName, "kci.db") }));

    [Fact]
    public async Task Inserts_queued_behind_a_commit_share_the_next_one_and_a_bad_row_fails_alone()
    {
        var firstCommitHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstInsertStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transactions = new ConcurrentDictionary<int, int>(); // item → the transaction of its first attempt
        var commit = new SqliteGroupCommit<int, int>(_database, async (_, transaction, item) =>
        {
            transactions.TryAdd(item, RuntimeHelpers.GetHashCode(transaction));
            if (item == 0)
            {
                firstInsertStarted.SetResult();
                await firstCommitHeld.Task;
            }

            return item == 13 ? throw new InvalidOperationException("refused row") : item * 10;
        });

        var first = commit.AddAsync(0, CancellationToken.None);
        await firstInsertStarted.Task;
        var queued = Enumerable.Range(1, 20).Select(i => commit.AddAsync(i, CancellationToken.None)).ToList();
        firstCommitHeld.SetResult();

        Assert.Equal(0, await first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => queued[12]);
        Assert.Equal(
            Enumerable.Range(1, 20).Where(i => i != 13).Select(i => i * 10),
            await Task.WhenAll(queued.Where((_, i) => i != 12)));
        // 1..13 were first tried together in one transaction (the batch stops at the refused row);
        // 14..20 were first tried in the one-row fallback transactions, one each.
        Assert.Single(Enumerable.Range(1, 13).Select(i => transactions[i]).Distinct());
        Assert.Equal(7, Enumerable.Range(14, 7).Select(i => transactions[i]).Distinct().Count());
        Assert.NotEqual(transactions[0], transactions[1]);
    }

    [Fact]
    public async Task A_lone_insert_is_written_at_once_and_the_drainer_restarts_for_later_ones()
    {
        var commit = new SqliteGroupCommit<int, int>(_database, (_, _, item) => Task.FromResult(item + 1));

        Assert.Equal(2, await commit.AddAsync(1, CancellationToken.None));
        await Task.Delay(50); // the drainer has gone idle
        Assert.Equal(3, await commit.AddAsync(2, CancellationToken.None));
    }

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
