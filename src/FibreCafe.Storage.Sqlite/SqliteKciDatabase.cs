using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Opens connections to the store's database, creating the schema on first use (WAL journal,
/// <c>synchronous=FULL</c> so an acknowledged KCI survives a power loss). Writes run in
/// <c>BEGIN IMMEDIATE</c> transactions, one per operation.
/// </summary>
internal sealed class SqliteKciDatabase(IOptions<SqliteKciStoreOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public string Path => options.Value.Path ?? throw new InvalidOperationException("FibreCafe:Kci:Store:Path is required by the SQLite store.");

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }

    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE: the write lock is taken up front,
            // so a read-then-write (claims, lifecycle checks) cannot interleave with another writer.
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await write(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    public async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await InitializeAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    public void Dispose() => _initialization.Dispose();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.Value.BusyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(
                $"PRAGMA busy_timeout = {(long)options.Value.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;", null, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // WAL is a property of the file: once set, every later connection uses it.
            var mode = await connection.ScalarAsync("PRAGMA journal_mode = WAL;", null, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The SQLite database '{Path}' could not be switched to WAL mode (it is '{mode}').");
            }

            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(SqliteSchema.Create, transaction, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync($"PRAGMA user_version = {SqliteSchema.Version};", transaction, cancellationToken).ConfigureAwait(false);

                // Claims left by a previous run of this process are void: its dispatcher is gone.
                await connection.ExecuteAsync(
                    "UPDATE kci_inbox SET lease_id = NULL, lease_expires_at = NULL WHERE status = 0 AND lease_id IS NOT NULL;", transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
