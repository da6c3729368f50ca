namespace FibreCafe.Storage.Shared;

/// <summary>
/// Brings a store's schema to the latest of its scripts, inside a transaction the caller holds exclusively (SQLite:
/// <c>BEGIN IMMEDIATE</c>; PostgreSQL: under an advisory lock), so stores that start together apply each script once.
/// Every applied script is recorded in <c>kci_schema_version</c> (its DDL is the dialect's); a database that records a version this code does
/// not know is refused, untouched, with a message naming both versions.
/// </summary>
internal static partial class SchemaMigrator
{
    /// <param name="session">A session in the exclusive transaction.</param>
    /// <param name="migrations">The store's scripts, from <see cref="SchemaMigration.LoadEmbedded"/>.</param>
    /// <param name="database">The database, for messages (a file path or a schema name).</param>
    /// <param name="package">The store's package, named in the message about a newer database.</param>
    /// <param name="adoptedVersion">
    /// For a database made before the version table existed: the version its schema already has (SQLite kept it in
    /// <c>PRAGMA user_version</c>), recorded without running those scripts; 0 for none.
    /// </param>
    /// <param name="logger">Logs each script applied.</param>
    /// <param name="cancellationToken">Cancels the migration; the caller's transaction then rolls it back.</param>
    /// <returns>The version the database has now.</returns>
    public static async Task<int> MigrateAsync(
        StoreSession session,
        IReadOnlyList<SchemaMigration> migrations,
        string database,
        string package,
        int adoptedVersion,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var latest = migrations[^1].Version;
        await session.ExecuteAsync(session.Dialect.SchemaVersionTable, cancellationToken).ConfigureAwait(false);
        var applied = (await session.QueryAsync("SELECT version FROM kci_schema_version;", r => (int)r.FirstLong(), cancellationToken).ConfigureAwait(false)).ToHashSet();
        var current = applied.Count == 0 ? adoptedVersion : applied.Max();
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The {database} has schema version {current}, newer than this library's ({latest}); update {package}.");
        }

        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            // Script 1 is idempotent (IF NOT EXISTS throughout) and always runs on an unrecorded database, so an adopted
            // one gets whatever it lacks; the later scripts it already has are recorded without running them.
            var adopted = applied.Count == 0 && migration.Version > 1 && migration.Version <= adoptedVersion;
            if (!adopted)
            {
                await session.ExecuteAsync(migration.Sql, cancellationToken).ConfigureAwait(false);
                SchemaMigrated(logger, database, migration.Name);
            }

            await session.ExecuteAsync(
                "INSERT INTO kci_schema_version (version, name) VALUES (@version, @name);",
                cancellationToken,
                ("@version", migration.Version),
                ("@name", adopted ? migration.Name + " (adopted)" : migration.Name)).ConfigureAwait(false);
        }

        return latest;
    }

    [LoggerMessage(300, LogLevel.Information, "KCI store {Database}: schema script {Name} applied.")]
    private static partial void SchemaMigrated(ILogger logger, string database, string name);
}
