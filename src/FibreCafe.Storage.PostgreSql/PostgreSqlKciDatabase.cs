using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// Opens connections to the store's database (one Npgsql data source, <c>search_path</c> set to the store's
/// schema) and brings the schema up to date on first use: every receiver that starts runs the same
/// migrations under one advisory lock, so they are applied once. Writes run in one <c>READ COMMITTED</c>
/// transaction per operation.
/// </summary>
internal sealed class PostgreSqlKciDatabase : IAsyncDisposable, IDisposable
{
    private readonly IOptions<PostgreSqlKciStoreOptions> _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private volatile bool _initialized;

    public PostgreSqlKciDatabase(IOptions<PostgreSqlKciStoreOptions> options, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<PostgreSqlKciDatabase>();
        _dataSource = new Lazy<NpgsqlDataSource>(CreateDataSource, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Schema => _options.Value.Schema;

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }

    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
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
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
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
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlDataSource CreateDataSource()
    {
        var options = _options.Value;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.SearchPath = options.Schema;
        builder.ConnectionStringBuilder.ApplicationName ??= "FibreCafe.Kci";
        builder.UseLoggerFactory(_loggerFactory);
        return builder.Build();
    }

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
                await connection.ExecuteAsync(
                    "SELECT pg_advisory_xact_lock(hashtextextended('FibreCafe.Kci schema ' || @schema, 0));",
                    transaction, cancellationToken, ("schema", schema)).ConfigureAwait(false);
                var exists = await connection.ScalarAsync(
                    "SELECT 1 FROM pg_namespace WHERE nspname = @schema;", transaction, cancellationToken, ("schema", schema)).ConfigureAwait(false) is not null;
                if (!exists)
                {
                    // The schema name is validated as a plain identifier (PostgreSqlKciStoreOptionsValidator).
                    await connection.ExecuteAsync($"CREATE SCHEMA \"{schema}\";", transaction, cancellationToken).ConfigureAwait(false);
                }

                await connection.ExecuteAsync($"SET LOCAL search_path TO \"{schema}\";", transaction, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(PostgreSqlSchema.VersionTable, transaction, cancellationToken).ConfigureAwait(false);
                var applied = (await connection.QueryAsync(
                    "SELECT version FROM kci_schema_version;", transaction, r => r.GetInt32(0), cancellationToken).ConfigureAwait(false)).ToHashSet();
                foreach (var migration in PostgreSqlSchema.Migrations.Where(m => !applied.Contains(m.Version)))
                {
                    await connection.ExecuteAsync(migration.Sql, transaction, cancellationToken).ConfigureAwait(false);
                    await connection.ExecuteAsync(
                        "INSERT INTO kci_schema_version (version, name) VALUES (@version, @name);",
                        transaction, cancellationToken, ("version", migration.Version), ("name", migration.Name)).ConfigureAwait(false);
                    Log.SchemaMigrated(_logger, schema, migration.Name);
                }

                if (applied.Count > 0 && applied.Max() > PostgreSqlSchema.LatestVersion)
                {
                    Log.SchemaNewer(_logger, schema, applied.Max(), PostgreSqlSchema.LatestVersion);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
