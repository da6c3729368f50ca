using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// A SQLite connection (and, when writing, its transaction). The writer's and the readers' sessions keep their
/// commands, so a statement is prepared once per connection instead of once per call (preparation was ~7 % of the
/// receiver's CPU under load).
/// </summary>
internal sealed class SqliteSession : StoreSession
{
    private readonly Dictionary<string, SqliteCommand>? _statements;

    /// <param name="connection">An open connection.</param>
    /// <param name="keepStatements">Whether to keep commands for reuse: only for a connection that lives long and is used by one caller at a time.</param>
    public SqliteSession(SqliteConnection connection, bool keepStatements = false)
        : base(StoreDialect.Sqlite)
    {
        Connection = connection;
        _statements = keepStatements ? new Dictionary<string, SqliteCommand>(StringComparer.Ordinal) : null;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Gets or sets the transaction the commands run in; <see langword="null"/> for reads.</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>Closes a session that owns its connection: the kept commands, then the connection.</summary>
    public void Close()
    {
        if (_statements is not null)
        {
            foreach (var command in _statements.Values)
            {
                command.Dispose();
            }

            _statements.Clear();
        }

        Connection.Dispose();
    }

    protected override DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        if (_statements is null || !_statements.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _statements?.Add(sql, command);
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    protected override void Release(DbCommand command)
    {
        if (_statements is null)
        {
            command.Dispose();
        }
    }
}
