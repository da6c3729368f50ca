using System.Globalization;
using System.Reflection;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// The store's schema as readable SQL files (<c>Schema/NNN_name.sql</c>, embedded in the assembly), applied in
/// order by <see cref="PostgreSqlKciDatabase"/> and recorded in <c>kci_schema_version</c>. A later version of
/// the library adds a file; a file that shipped is never changed.
/// </summary>
internal static class PostgreSqlSchema
{
    private const string Prefix = "FibreCafe.Storage.PostgreSql.Schema.";

    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS kci_schema_version (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    public static IReadOnlyList<Migration> Migrations { get; } = Load();

    public static int LatestVersion => Migrations[^1].Version;

    private static List<Migration> Load()
    {
        var assembly = typeof(PostgreSqlSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static Migration Read(Assembly assembly, string resource)
    {
        var name = resource[Prefix.Length..^".sql".Length];
        var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }

    public sealed record Migration(int Version, string Name, string Sql);
}
