using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// The store's database: creates the schema on first use (WAL journal, <c>synchronous=FULL</c> so an acknowledged
/// KCI survives a power loss), runs reads on pooled connections and hands every write to the one
/// <see cref="SqliteWriter"/> of the process.
/// </summary>
internal sealed class SqliteKciDatabase : IDisposable, IAsyncDisposable
{
    private readonly IOptions<SqliteKciStoreOptions> _options;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly SqliteWriter _writer;
    private volatile bool _initialized;

    public SqliteKciDatabase(IOptions<SqliteKciStoreOptions> options)
    {
        _options = options;
        _writer = new SqliteWriter(OpenWriterConnectionAsync);
    }

    public string Path => _options.Value.Path ?? throw new InvalidOperationException("FibreCafe:Kci:Store:Path is required by the SQLite store.");

    public async Task<T> ReadAsync<T>(Func<SqliteSession, Task<T>> read, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenConnectionAsync(pooling: true, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(new SqliteSession(connection)).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a write in the writer's transaction (<c>BEGIN IMMEDIATE</c>); answered once it is committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteSession, Task<T>> write, CancellationToken cancellationToken) =>
        _initialized ? _writer.WriteAsync(write, cancellationToken) : InitializeThenWriteAsync(write, cancellationToken);

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

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _initialization.Dispose();
    }

    private async Task<T> InitializeThenWriteAsync<T>(Func<SqliteSession, Task<T>> write, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
    }

    // The writer's connection lives as long as the writer, so its settings are made once. Not pooled: closing it
    // releases the file.
    private async Task<SqliteConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(pooling: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await new SqliteSession(connection).ExecuteAsync(
                $"PRAGMA busy_timeout = {(long)_options.Value.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Reads need neither setting: WAL readers do not take the write lock, and a command retries a busy database
    // for its timeout (DefaultTimeout) by itself.
    private async Task<SqliteConnection> OpenConnectionAsync(bool pooling, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = pooling,
            DefaultTimeout = (int)Math.Ceiling(_options.Value.BusyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
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

        var connection = await OpenWriterConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var session = new SqliteSession(connection);

            // WAL is a property of the file: once set, every later connection uses it.
            var mode = await session.ScalarAsync("PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The SQLite database '{Path}' could not be switched to WAL mode (it is '{mode}').");
            }

            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                session.Transaction = transaction;
                await session.ExecuteAsync(SqliteSchema.Create, cancellationToken).ConfigureAwait(false);
                await session.ExecuteAsync($"PRAGMA user_version = {SqliteSchema.Version};", cancellationToken).ConfigureAwait(false);

                // Claims left by a previous run of this process are void: its dispatcher is gone.
                await session.ExecuteAsync(
                    "UPDATE kci_inbox SET lease_id = NULL, lease_expires_at = NULL WHERE status = 0 AND lease_id IS NOT NULL;", cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
