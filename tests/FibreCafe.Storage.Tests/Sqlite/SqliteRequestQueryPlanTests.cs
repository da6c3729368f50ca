using FibreCafe.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>
/// The processing run's hot queries use the indexes meant for them: a claim that probed by state instead took 1.1 s with
/// 3,000 requests due (every due row against every due row); with its index it stops at the first rows it takes.
/// </summary>
public sealed class SqliteRequestQueryPlanTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-plan-");

    private string DatabasePath => Path.Combine(_folder.FullName, "kci.db");

    public async Task InitializeAsync()
    {
        await using var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath }));
        await database.EnsureInitializedAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_claim_walks_the_due_index_in_order_and_probes_each_target_by_its_own_indexes()
    {
        var plan = await PlanAsync(Sql("Due") + ";");

        Assert.Contains("SCAN r USING INDEX ix_cancellation_requests_due", plan);
        Assert.Contains(plan, step => step.StartsWith("SEARCH s USING", StringComparison.Ordinal) && step.Contains("INDEX ux_cancellation_requests_sending (kind=? AND target_id=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH e USING", StringComparison.Ordinal) && step.Contains("INDEX ix_cancellation_requests_target (kind=? AND target_id=? AND number<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsettled_sends_are_found_through_the_state_index()
    {
        var plan = await PlanAsync(Sql("Unsettled"));

        Assert.Contains(plan, step => step.StartsWith("SEARCH cancellation_requests USING INDEX ix_cancellation_requests_state", StringComparison.Ordinal));
    }

    // The shared SQL is compiled into both stores; this is the SQLite store's copy.
    private static string Sql(string name) =>
        (string)typeof(SqliteKciDatabase).Assembly.GetType("FibreCafe.Storage.Shared.CancellationRequestSql", throwOnError: true)!.GetField(name)!.GetValue(null)!;

    private async Task<List<string>> PlanAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "@now", "@max" })
        {
            command.Parameters.AddWithValue(name, 1);
        }

        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
