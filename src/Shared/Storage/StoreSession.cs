using System.Data.Common;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// A connection (and, when writing, its transaction) of one store, with short forms of the ADO.NET calls every
/// repository repeats. Parameters are always bound, never concatenated, and named with <c>@</c> in the SQL and here,
/// which both SQLite and Npgsql read.
/// </summary>
internal abstract class StoreSession(StoreDialect dialect)
{
    /// <summary>Gets how the database represents times, ids and small numbers.</summary>
    public StoreDialect Dialect { get; } = dialect;

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(command);
        }
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
        finally
        {
            Release(command);
        }
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<StoreRow, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                var row = new StoreRow(reader, Dialect);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(row));
                }

                return rows;
            }
        }
        finally
        {
            Release(command);
        }
    }

    /// <summary>A command for <paramref name="sql"/> in the session's transaction, with these parameters bound.</summary>
    protected abstract DbCommand Command(string sql, (string Name, object? Value)[] parameters);

    /// <summary>Done with a command: disposes it, unless the session keeps it for the next call.</summary>
    protected virtual void Release(DbCommand command) => command.Dispose();
}
