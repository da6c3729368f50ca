using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace FibreCafe.Packaging.Tests;

/// <summary>
/// A host that only receives KCIs must not pull in the outbound client's stack. Proven twice: from the
/// packed nuspecs (what we declare) and from NuGet's own restore of a receiver-only consumer (what a
/// user actually gets, transitive packages included).
/// </summary>
[Collection(PackedPackages.Name)]
public sealed class ReceiverDependencyTests(PackageFixture packages, ITestOutputHelper output)
{
    private static readonly string[] ReceiverPackages = ["FibreCafe.Kci", "FibreCafe.Storage.Sqlite", "FibreCafe.Storage.PostgreSql"];

    /// <summary>Package id prefixes that belong to the outbound client only.</summary>
    private static readonly string[] ClientOnlyPrefixes =
        ["FibreCafe.Client", "Refit", "Polly", "Duende.IdentityModel", "Microsoft.Extensions.Http.Resilience", "Microsoft.Extensions.Resilience"];

    [Fact]
    public void The_receiver_packages_declare_the_abstractions_and_not_the_client()
    {
        foreach (var id in ReceiverPackages)
        {
            var closure = DeclaredClosure(id);
            output.WriteLine($"{id}: {string.Join(", ", closure.Order(StringComparer.Ordinal))}");
            Assert.Contains("FibreCafe.Abstractions", closure);
            Assert.DoesNotContain(closure, d => ClientOnlyPrefixes.Any(p => d.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
        }

        // The client itself still depends on the shared types, so the two directions agree on them.
        Assert.Contains("FibreCafe.Abstractions", DeclaredClosure("FibreCafe.Client"));
    }

    [Fact]
    public async Task A_receiver_only_consumer_restores_without_refit_polly_or_duende()
    {
        var consumer = await packages.CreateConsumerFolderAsync("receiver-consumer");
        var references = string.Join("\n", ReceiverPackages.Select(id => $"""    <PackageReference Include="{id}" Version="{packages.Version}" />"""));
        await File.WriteAllTextAsync(Path.Combine(consumer, "Receiver.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <NoWarn>NU1603</NoWarn>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        Assert.False(consumer.StartsWith(packages.Root, StringComparison.Ordinal));

        var (exit, restoreOutput) = await DotnetCli.RunAsync(consumer, "restore", "-nodeReuse:false");

        Assert.True(exit == 0, restoreOutput);
        using var assets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(p => p.Name.Split('/')[0]).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        output.WriteLine("receiver-only closure: " + string.Join(", ", libraries));
        Assert.Contains("FibreCafe.Abstractions", libraries);
        Assert.Contains("FibreCafe.Kci", libraries);
        Assert.DoesNotContain(libraries, d => ClientOnlyPrefixes.Any(p => d.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Every package id reachable from <paramref name="id"/> through our packed nuspecs.</summary>
    private HashSet<string> DeclaredClosure(string id)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([id]);
        while (pending.TryPop(out var current))
        {
            var nupkg = Path.Combine(packages.PackageDirectory, $"{current}.{packages.Version}.nupkg");
            if (!File.Exists(nupkg))
            {
                continue; // a third-party package: its id is recorded, its own dependencies come from the restore test
            }

            foreach (var dependency in DirectDependencies(nupkg, current))
            {
                if (seen.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<string> DirectDependencies(string nupkg, string id)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        return nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
