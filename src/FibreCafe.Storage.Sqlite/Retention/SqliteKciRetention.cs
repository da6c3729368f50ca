namespace FibreCafe.Storage.Sqlite;

/// <summary>The retention of the SQLite store: paged, in arrival order (see <see cref="KciRetentionService"/>).</summary>
internal sealed class SqliteKciRetention(SqliteKciDatabase database, IOptions<SqliteKciStoreOptions> options, TimeProvider timeProvider, ILogger<SqliteKciRetention> logger)
    : KciRetentionService(database, options.Value, SqliteSql.Retention, timeProvider, logger);
