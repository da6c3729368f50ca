using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// The store's database: brings the schema up to date on first use (WAL journal, <c>synchronous=FULL</c> so an
/// acknowledged KCI survives a power loss), runs reads on a few connections it keeps open, and hands every write to
/// the one <see cref="SqliteWriter"/> of the process.
/// </summary>
internal sealed class SqliteKciDatabase : IStoreDatabase, IDisposable, IAsyncDisposable
{
    // Idle read sessions kept open with their prepared statements: the dispatcher reads per KCI, and opening a
    // connection and preparing its statement each time cost more than the read itself.
    private const int MaxIdleReaders = 8;

    // The writer's page cache, in KiB (SQLite's default is 2 MiB). With the default, inserts under load kept re-reading
    // the pages of the inbox's indexes from the file (measured: 2% of the receiver's CPU in pread); 16 MiB holds them.
    private const int WriterCacheKib = 16 * 1024;

    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private readonly IOptions<SqliteKciStoreOptions> _options;
    private readonly ILogger _logger;
    private readonly InitializeOnce _initialization;
    private readonly SqliteWriter _writer;
    private readonly SqliteCheckpointer _checkpointer;
    private volatile bool _disposed;

    public SqliteKciDatabase(IOptions<SqliteKciStoreOptions> options, ILogger<SqliteKciDatabase>? logger = null)
    {
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _initialization = new InitializeOnce(InitializeAsync);
        _checkpointer = new SqliteCheckpointer(OpenConnectionAsync, TimeSpan.FromMilliseconds(200));
        _writer = new SqliteWriter(OpenWriterConnectionAsync, _checkpointer.Committed);
    }

    public string Path => _options.Value.Path ?? throw new InvalidOperationException("FibreCafe:Kci:Store:Path is required by the SQLite store.");

    public async Task<T> ReadAsync<T>(Func<StoreSession, Task<T>> read, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var session = _idleReaders.TryTake(out var idle)
            ? idle
            : new SqliteSession(await OpenConnectionAsync(cancellationToken).ConfigureAwait(false), keepStatements: true);
        var healthy = false;
        try
        {
            var result = await read(session).ConfigureAwait(false);
            healthy = true;
            return result;
        }
        finally
        {
            // A session whose read failed is not reused: its connection may be what failed.
            if (healthy && !_disposed && _idleReaders.Count < MaxIdleReaders)
            {
                _idleReaders.Add(session);
                if (_disposed)
                {
                    CloseIdleReaders(); // disposed meanwhile: nobody else would close it
                }
            }
            else
            {
                session.Close();
            }
        }
    }

    /// <summary>Runs a write in the writer's transaction (<c>BEGIN IMMEDIATE</c>); answered once it is committed.</summary>
    public Task<T> WriteAsync<T>(Func<StoreSession, Task<T>> write, CancellationToken cancellationToken) =>
        _initialization.IsDone ? _writer.WriteAsync(write, cancellationToken) : InitializeThenWriteAsync(write, cancellationToken);

    public Task EnsureInitializedAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync(cancellationToken);

    /// <summary>Runs a write on the caller's connection and transaction, which must be to this store's file.</summary>
    public async Task<T> InTransactionAsync<T>(System.Data.Common.DbTransaction transaction, Func<StoreSession, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction is not SqliteTransaction { Connection: { } connection } sqlite)
        {
            throw new ArgumentException($"The SQLite store takes a SqliteTransaction on an open connection to '{Path}', not a {transaction.GetType().Name}.", nameof(transaction));
        }

        if (!string.Equals(System.IO.Path.GetFullPath(connection.DataSource), System.IO.Path.GetFullPath(Path), StringComparison.Ordinal))
        {
            throw new ArgumentException($"The transaction's connection is to '{connection.DataSource}', not to the store's database '{Path}'.", nameof(transaction));
        }

        if (!_initialization.IsDone)
        {
            // Creating the schema needs the write lock, which the caller's transaction may hold: it would wait on itself.
            throw new InvalidOperationException(
                $"The SQLite store '{Path}' is not initialized yet, so it cannot join a transaction: start the host first (it creates the store's tables when it starts).");
        }

        return await write(new SqliteSession(connection) { Transaction = sqlite }).ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _checkpointer.DisposeAsync().ConfigureAwait(false);
        CloseIdleReaders();
        _initialization.Dispose();
    }

    private void CloseIdleReaders()
    {
        while (_idleReaders.TryTake(out var session))
        {
            session.Close();
        }
    }

    private async Task<T> InitializeThenWriteAsync<T>(Func<StoreSession, Task<T>> write, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
    }

    // The writer's connection lives as long as the writer, so its settings are made once. Checkpoints are the
    // checkpointer's (see SqliteCheckpointer); the writer's threshold is only a backstop.
    private async Task<SqliteConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await new SqliteSession(connection).ExecuteAsync(
                $"PRAGMA busy_timeout = {(long)_options.Value.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA cache_size = -{WriterCacheKib}; PRAGMA wal_autocheckpoint = {SqliteCheckpointer.WriterAutoCheckpointPages};", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Reads need neither setting: WAL readers do not take the write lock, and a command retries a busy database
    // for its timeout (DefaultTimeout) by itself. Not pooled: the store keeps its connections itself, and closing
    // one releases the file.
    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
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
                await MigrateAsync(session, cancellationToken).ConfigureAwait(false);

                // Claims left by a previous run of this process are void: its dispatcher is gone.
                await session.ExecuteAsync(
                    $"UPDATE kci_inbox SET lease_id = NULL, lease_expires_at = NULL WHERE status = {InboxStatusSql.Pending} AND lease_id IS NOT NULL;", cancellationToken).ConfigureAwait(false);

                // So are its leases of cancellation requests (Sending, 1): end them now, so that the processing run
                // reconciles each one (it may have reached the gateway) instead of waiting for the lease to run out.
                await session.ExecuteAsync(CancellationRequestSql.EndLeasesOfThePreviousProcess, cancellationToken).ConfigureAwait(false);

                // And its deliveries of notifications: claimed again at once (the same event id), not when the lease runs out.
                await session.ExecuteAsync(NotificationSql.EndLeasesOfThePreviousProcess, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Inside the initialization transaction (BEGIN IMMEDIATE), so two stores opening one file cannot both migrate it.
    // PRAGMA user_version is how versions of the store before kci_schema_version recorded theirs: such a file is adopted
    // at that version, and it keeps the latest version so that they refuse a file they cannot read.
    private async Task MigrateAsync(SqliteSession session, CancellationToken cancellationToken)
    {
        var recorded = (long)(await session.ScalarAsync("PRAGMA user_version;", cancellationToken).ConfigureAwait(false) ?? 0L);
        var version = await SchemaMigrator.MigrateAsync(
            session, SqliteSchema.Migrations, $"SQLite database '{Path}'", "FibreCafe.Storage.Sqlite", (int)recorded, _logger, cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync($"PRAGMA user_version = {version};", cancellationToken).ConfigureAwait(false);
    }
}
