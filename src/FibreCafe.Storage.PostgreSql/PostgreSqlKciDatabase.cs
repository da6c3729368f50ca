using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// Opens connections to the store's database (one Npgsql data source, <c>search_path</c> set to the store's
/// schema) and brings the schema up to date on first use: every receiver that starts runs the same
/// migrations under one advisory lock, so they are applied once. Writes run in one <c>READ COMMITTED</c>
/// transaction per operation.
/// </summary>
internal sealed class PostgreSqlKciDatabase : IStoreDatabase, IAsyncDisposable, IDisposable
{
    private static readonly IReadOnlyList<SchemaMigration> Migrations =
        SchemaMigration.LoadEmbedded(typeof(PostgreSqlKciDatabase).Assembly, "FibreCafe.Storage.PostgreSql.Schema.");

    private readonly IOptions<PostgreSqlKciStoreOptions> _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly InitializeOnce _initialization;
    private readonly Lazy<NpgsqlDataSource> _dataSource;

    public PostgreSqlKciDatabase(IOptions<PostgreSqlKciStoreOptions> options, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<PostgreSqlKciDatabase>();
        _dataSource = new Lazy<NpgsqlDataSource>(CreateDataSource, LazyThreadSafetyMode.ExecutionAndPublication);
        _initialization = new InitializeOnce(MigrateAsync);
    }

    public string Schema => _options.Value.Schema;

    public async Task<T> ReadAsync<T>(Func<StoreSession, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(new PostgreSqlSession(connection, null)).ConfigureAwait(false);
        }
    }

    public async Task<T> WriteAsync<T>(Func<StoreSession, Task<T>> write, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await write(new PostgreSqlSession(connection, transaction)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    public Task EnsureInitializedAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync(cancellationToken);

    /// <summary>
    /// Runs a write on the caller's connection and transaction. The store's schema is put first on the transaction's
    /// <c>search_path</c> for the write and the caller's path is put back after it, so the caller's own statements
    /// resolve as before.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(System.Data.Common.DbTransaction transaction, Func<StoreSession, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction is not NpgsqlTransaction { Connection: { } connection } npgsql)
        {
            throw new ArgumentException($"The PostgreSQL store takes an NpgsqlTransaction on an open connection, not a {transaction.GetType().Name}.", nameof(transaction));
        }

        EnsureSameDatabase(connection);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var session = new PostgreSqlSession(connection, npgsql);
        var previous = (string?)await session.ScalarAsync(
            "SELECT current_setting('search_path'), set_config('search_path', quote_ident(@schema) || ', ' || current_setting('search_path'), true);",
            cancellationToken, ("@schema", Schema)).ConfigureAwait(false);
        var result = await write(session).ConfigureAwait(false);
        await session.ExecuteAsync("SELECT set_config('search_path', @path, true);", cancellationToken, ("@path", previous ?? string.Empty)).ConfigureAwait(false);
        return result;
    }

    // A transaction on another server or database would fail on a missing table at best, or write the request
    // where this store never reads it; the names are compared, never the credentials.
    private void EnsureSameDatabase(NpgsqlConnection connection)
    {
        var store = new NpgsqlConnectionStringBuilder(_options.Value.ConnectionString);
        if (!string.Equals(connection.Database, store.Database, StringComparison.Ordinal)
            || (store.Host is { } host && !host.Contains(',', StringComparison.Ordinal) && !string.Equals(connection.Host, host, StringComparison.OrdinalIgnoreCase))
            || connection.Port != store.Port)
        {
            throw new ArgumentException(
                $"The transaction's connection is to database '{connection.Database}' on {connection.Host}:{connection.Port}, not to the store's database '{store.Database}' on {store.Host}:{store.Port}.",
                "transaction");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }

        _initialization.Dispose();
    }

    public void Dispose()
    {
        if (_dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }

        _initialization.Dispose();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlDataSource CreateDataSource()
    {
        var options = _options.Value;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.SearchPath = options.Schema;
        builder.ConnectionStringBuilder.ApplicationName ??= "FibreCafe.Kci";
        builder.ConnectionStringBuilder.Options = WithoutJit(builder.ConnectionStringBuilder.Options);
        builder.UseLoggerFactory(_loggerFactory);
        return builder.Build();
    }

    /// <summary>
    /// The session's startup options with <c>jit=off</c>, unless they set <c>jit</c> themselves. PostgreSQL compiles a
    /// statement with LLVM once its estimated cost passes <c>jit_above_cost</c>; the store's statements run in a few
    /// milliseconds, but a claim's lease, estimated from statistics taken while every KCI was pending, crossed it and
    /// spent about 60 ms compiling each time (measured: claim p99 66 ms on an empty store, 4 ms with JIT off;
    /// docs/stores.md). A startup option, not a SET: it survives the pool's reset of each session.
    /// </summary>
    internal static string WithoutJit(string? options) =>
        options is { Length: > 0 } given
            ? given.Contains("jit", StringComparison.OrdinalIgnoreCase) ? given : given + " -c jit=off"
            : "-c jit=off";

    // One transaction under an advisory lock keyed by the schema: receivers that start together wait for the
    // first one, then find its work done. CREATE SCHEMA only when missing, so a role without the CREATE
    // privilege on the database can use a schema made for it.
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var schema = Schema;
        var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // No command timeout: a migration may build an index over every KCI kept (a million in seconds, but
                // Npgsql's default 30 s would roll a large one back on every start), and it already waits for the lock.
                var session = new PostgreSqlSession(connection, transaction, commandTimeoutSeconds: 0);
                await session.ExecuteAsync(
                    "SELECT pg_advisory_xact_lock(hashtextextended('FibreCafe.Kci schema ' || @schema, 0));", cancellationToken, ("@schema", schema)).ConfigureAwait(false);
                if (await session.ScalarAsync("SELECT 1 FROM pg_namespace WHERE nspname = @schema;", cancellationToken, ("@schema", schema)).ConfigureAwait(false) is null)
                {
                    // The schema name is validated as a plain identifier (PostgreSqlKciStoreOptionsValidator).
                    await session.ExecuteAsync($"CREATE SCHEMA \"{schema}\";", cancellationToken).ConfigureAwait(false);
                }

                await session.ExecuteAsync($"SET LOCAL search_path TO \"{schema}\";", cancellationToken).ConfigureAwait(false);
                await SchemaMigrator.MigrateAsync(
                    session, Migrations, $"PostgreSQL schema '{schema}'", "FibreCafe.Storage.PostgreSql", adoptedVersion: 0, _logger, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
