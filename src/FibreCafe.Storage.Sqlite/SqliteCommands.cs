using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>Short forms of the ADO.NET calls the store repeats; parameters are always bound, never concatenated.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static async Task<List<T>> QueryAsync<T>(
        this SqliteConnection connection, string sql, SqliteTransaction? transaction, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToUnixMs(this DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset? GetTime(this SqliteDataReader reader, string column) =>
        reader[column] is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static string? GetText(this SqliteDataReader reader, string column) => reader[column] as string;

    public static string Id(Guid id) => id.ToString("D");
}
