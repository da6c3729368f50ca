using FibreCafe.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>The outbox's claim walks the pending rows in position order and probes each key's head by its own index.</summary>
public sealed class SqliteNotificationQueryPlanTests : IAsyncLifetime
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
    public async Task The_claim_walks_the_pending_index_in_order_and_probes_each_key_by_the_head_index()
    {
        var plan = await PlanAsync(Sql("Due") + ";", "@now", "@max");

        Assert.Contains("SCAN n USING INDEX ix_outbound_notifications_pending", plan);
        Assert.Contains(plan, step => step.StartsWith("SEARCH e USING", StringComparison.Ordinal)
            && step.Contains("INDEX ix_outbound_notifications_head (subscription_id=? AND ordering_key=? AND position<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_backlog_and_the_removal_of_a_subscription_read_the_backlog_index_and_the_purge_the_delivered_one()
    {
        var backlog = await PlanAsync(Sql("Backlog"));
        var removal = await PlanAsync(Sql("DeleteUndelivered"), "@id");
        var purge = await PlanAsync(Sql("PurgeHead") + ");", "@before", "@max");

        Assert.Contains(backlog, step => step.Contains("ix_outbound_notifications_backlog", StringComparison.Ordinal));
        Assert.Contains(removal, step => step.Contains("ix_outbound_notifications_backlog", StringComparison.Ordinal));
        Assert.Contains(purge, step => step.Contains("ix_outbound_notifications_delivered", StringComparison.Ordinal));
    }

    // The shared SQL is compiled into both stores; this is the SQLite store's copy. The claim is a method (of the
    // subscriptions it excludes): its plan is taken with none excluded.
    private static string Sql(string name)
    {
        var type = typeof(SqliteKciDatabase).Assembly.GetType("FibreCafe.Storage.Shared.NotificationSql", throwOnError: true)!;
        return (string)(type.GetField(name)?.GetValue(null) ?? type.GetMethod(name)!.Invoke(null, [string.Empty]))!;
    }

    private async Task<List<string>> PlanAsync(string sql, params string[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in parameters)
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
