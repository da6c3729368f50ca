using System.IO.Compression;
using System.Xml.Linq;

namespace FibreCafe.Packaging.Tests;

[Collection(PackedPackages.Name)]
public sealed class PackageTests(PackageFixture packages)
{
    [Fact]
    public void Every_src_project_packs_with_readme_license_xml_docs_symbols_and_source_link()
    {
        Assert.Contains("FibreCafe.Client", packages.Projects);
        Assert.Contains("FibreCafe.Testing", packages.Projects);
        foreach (var id in packages.Projects)
        {
            var nupkg = Path.Combine(packages.PackageDirectory, $"{id}.{packages.Version}.nupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} is missing");
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"the symbols package of {id} is missing");
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", entries);
            foreach (var tfm in new[] { "net8.0", "net10.0" })
            {
                Assert.Contains($"lib/{tfm}/{id}.dll", entries);
                Assert.Contains($"lib/{tfm}/{id}.xml", entries);
            }

            using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Meta(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal("MIT", Meta("license"));
            Assert.Equal("README.md", Meta("readme"));
            Assert.Equal(packages.Version, Meta("version"));
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");
        }
    }

    [Fact]
    public async Task A_fresh_consumer_restores_builds_and_runs_against_the_packed_packages_through_a_local_source()
    {
        var consumer = await packages.CreateConsumerFolderAsync("consumer");
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>NU1603</NoWarn>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FibreCafe.Client" Version="{packages.Version}" />
                <PackageReference Include="FibreCafe.Testing" Version="{packages.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
            using FibreCafe.Client;
            using FibreCafe.Testing;
            using Microsoft.Extensions.DependencyInjection;

            await using var sandbox = FibreCafeSandbox.Start();
            var services = new ServiceCollection();
            services.AddFibreCafeClient(sandbox.ConfigureClient);
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IFibreCafeClient>();
            var created = await client.CancelServiceOrderAsync(new ServiceOrderCancellationRequest
            {
                OrderId = 123,
                ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
            });
            Console.WriteLine($"created {created.Value.Id} {created.Value.Status}");
            """);
        // The repository's Directory.*.props must not leak into the consumer: it lives outside the tree.
        Assert.False(consumer.StartsWith(packages.Root, StringComparison.Ordinal));

        var (exit, output) = await DotnetCli.RunAsync(consumer, "run", "-c", "Release", "-nodeReuse:false");

        Assert.True(exit == 0, output);
        Assert.Contains("created 1000 RECEIVED_BY_GATEWAY", output, StringComparison.Ordinal);
        Assert.Contains($"FibreCafe.Client/{packages.Version}", await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json")), StringComparison.Ordinal);
    }
}
