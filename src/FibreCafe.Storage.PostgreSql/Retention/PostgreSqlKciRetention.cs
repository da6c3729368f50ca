namespace FibreCafe.Storage.PostgreSql;

/// <summary>The retention of the PostgreSQL store: batched, every receiver running it (see <see cref="KciRetentionService"/>).</summary>
internal sealed class PostgreSqlKciRetention(PostgreSqlKciDatabase database, IOptions<PostgreSqlKciStoreOptions> options, TimeProvider timeProvider, ILogger<PostgreSqlKciRetention> logger)
    : KciRetentionService(database, options.Value, PostgreSqlSql.Retention, timeProvider, logger);
