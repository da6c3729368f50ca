using System.Data.Common;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// A PostgreSQL connection and, when writing, its transaction; a new command per call (Npgsql prepares and pools by
/// itself). <paramref name="commandTimeoutSeconds"/> replaces the connection string's command timeout when given (0: none).
/// </summary>
internal sealed class PostgreSqlSession(NpgsqlConnection connection, NpgsqlTransaction? transaction, int? commandTimeoutSeconds = null) : StoreSession(StoreDialect.PostgreSql)
{
    protected override DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        if (commandTimeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
