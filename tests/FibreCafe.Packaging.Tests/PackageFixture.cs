using System.Globalization;

namespace FibreCafe.Packaging.Tests;

/// <summary>
/// Packs every project under src/ once, with a version suffix unique to this run so that no package
/// cached by an earlier run can stand in for the one just built.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string Root { get; } = DotnetCli.RepositoryRoot();

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("fibrecafe-packaging-").FullName;

    public string PackageDirectory => Path.Combine(WorkDirectory, "packages");

    public string Version { get; private set; } = "";

    public IReadOnlyList<string> Projects { get; private set; } = [];

    public string PackOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // MinVer versions a package from git; the override gives this run's packages a version no cache holds.
        Version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        Projects = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetFileNameWithoutExtension(p)).Order().ToList();
        foreach (var project in Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var (exit, output) = await DotnetCli.RunAsync(Root, "pack", project, "-c", "Release", "-o", PackageDirectory,
                $"-p:MinVerVersionOverride={Version}", "-p:ContinuousIntegrationBuild=true", "-nodeReuse:false");
            PackOutput += output;
            Assert.True(exit == 0, $"dotnet pack {project} failed:\n{output}");
        }
    }

    /// <summary>A folder outside the repository whose <c>nuget.config</c> names the packed packages as its only source.</summary>
    public async Task<string> CreateConsumerFolderAsync(string name)
    {
        var consumer = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="fibrecafe-packed" value="{PackageDirectory}" />
              </packageSources>
            </configuration>
            """);
        return consumer;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(WorkDirectory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Packs once for every test class that reads the packed packages.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackages : ICollectionFixture<PackageFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "packed packages";
}
