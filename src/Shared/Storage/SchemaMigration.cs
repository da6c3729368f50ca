using System.Globalization;
using System.Reflection;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// One versioned schema script of a store, <c>Schema/NNN_name.sql</c> embedded in the store's assembly. A later
/// version of the package adds a file; a file that shipped is never changed.
/// </summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>Loads a store's scripts, ordered by version; the logical names start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<SchemaMigration> LoadEmbedded(Assembly assembly, string prefix)
    {
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, prefix))
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The schema scripts of {assembly.GetName().Name} must be numbered 1, 2, 3, … without gaps ({migrations[i].Name}).");
            }
        }

        return migrations;
    }

    private static SchemaMigration Read(Assembly assembly, string resource, string prefix)
    {
        var name = resource[prefix.Length..^".sql".Length];
        var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaMigration(version, name, reader.ReadToEnd());
    }
}
