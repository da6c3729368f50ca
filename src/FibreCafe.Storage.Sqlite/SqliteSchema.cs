namespace FibreCafe.Storage.Sqlite;

/// <summary>The store's schema as readable SQL files (<c>Schema/NNN_name.sql</c>, embedded), applied in order by <see cref="SchemaMigrator"/>.</summary>
internal static class SqliteSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(SqliteSchema).Assembly, "FibreCafe.Storage.Sqlite.Schema.");

    /// <summary>Gets the latest version, also kept in <c>PRAGMA user_version</c> for versions of the store that predate <c>kci_schema_version</c>.</summary>
    public static int Version => Migrations[^1].Version;
}
