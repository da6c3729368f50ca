using FibreCafe.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>What the query-plan tests share: a SQLite store's schema in a folder of its own, and SQLite's plan of a statement.</summary>
public abstract class SqliteQueryPlanTests : IAsyncLifetime
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

    /// <summary>
    /// A statement of a shared SQL type (compiled into both stores: this is the SQLite store's copy), a constant or, for
    /// a statement made by a method, its text with an empty argument.
    /// </summary>
    protected static string Sql(string type, string name)
    {
        var sql = typeof(SqliteKciDatabase).Assembly.GetType($"FibreCafe.Storage.Shared.{type}", throwOnError: true)!;
        return (string)(sql.GetField(name)?.GetValue(null) ?? sql.GetMethod(name)!.Invoke(null, [string.Empty]))!;
    }

    /// <summary>The steps of SQLite's plan of <paramref name="sql"/>, each of <paramref name="parameters"/> bound to 1.</summary>
    protected async Task<List<string>> PlanAsync(string sql, params string[] parameters)
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
