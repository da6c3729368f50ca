using System.Data.Common;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>A PostgreSQL connection and, when writing, its transaction; a new command per call (Npgsql prepares and pools by itself).</summary>
internal sealed class PostgreSqlSession(NpgsqlConnection connection, NpgsqlTransaction? transaction) : StoreSession(StoreDialect.PostgreSql)
{
    protected override DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
