using System.Text.Json;

namespace FibreCafe.Packaging.Tests;

/// <summary>
/// Issue 18: package versions come from git (MinVer), so a package packed after a change is a new version; and the
/// projects that are not packages say so without a warning on every <c>dotnet pack</c> at the root.
/// </summary>
public sealed class VersioningTests
{
    private static readonly string Root = DotnetCli.RepositoryRoot();

    [Fact]
    public async Task A_package_version_comes_from_git_not_from_a_fixed_number()
    {
        var (exit, output) = await DotnetCli.RunAsync(Root, "msbuild", Path.Combine("src", "FibreCafe.Kci", "FibreCafe.Kci.csproj"),
            "-restore", "-t:MinVer", "-getProperty:PackageVersion", "-getProperty:Version", "-p:Configuration=Release", "-nodeReuse:false");
        Assert.True(exit == 0, output);
        var version = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement
            .GetProperty("Properties").GetProperty("PackageVersion").GetString()!;

        var (tagExit, tags) = await DotnetCli.RunGitAsync(Root, "tag", "--list", "v[0-9]*", "--merged", "HEAD");
        Assert.Equal(0, tagExit);
        var (_, shallow) = await DotnetCli.RunGitAsync(Root, "rev-parse", "--is-shallow-repository");
        if (shallow.Trim() == "true")
        {
            // A shallow clone has no history to count: MinVer still gives a pre-release, never the old fixed 0.1.0.
            Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+-alpha\.0(\.[0-9]+)?$|^[0-9]+\.[0-9]+\.[0-9]+$", version);
        }
        else if (string.IsNullOrWhiteSpace(tags))
        {
            // No release tag yet: a pre-release of 0.1.0 whose last part grows with every commit.
            Assert.Matches(@"^0\.1\.0-alpha\.0\.[1-9][0-9]*$", version);
        }
        else
        {
            Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+(-alpha\.0\.[1-9][0-9]*)?$", version);
        }
    }

    [Fact]
    public async Task Samples_tests_and_benchmarks_are_not_packable_and_do_not_warn_about_it()
    {
        // One of each kind: the Web SDK sample (the one that warned), a console sample, a test project, the benchmarks.
        string[] projects =
        [
            Path.Combine(Root, "samples", "FibreCafe.Samples.KciReceiver", "FibreCafe.Samples.KciReceiver.csproj"),
            Path.Combine(Root, "samples", "FibreCafe.Samples.CancelOrder", "FibreCafe.Samples.CancelOrder.csproj"),
            Path.Combine(Root, "tests", "FibreCafe.Client.Tests", "FibreCafe.Client.Tests.csproj"),
            Path.Combine(Root, "tests", "FibreCafe.Benchmarks", "FibreCafe.Benchmarks.csproj"),
        ];
        foreach (var project in projects)
        {
            var (exit, output) = await DotnetCli.RunAsync(Root, "msbuild", project,
                "-getProperty:IsPackable", "-getProperty:WarnOnPackingNonPackableProject", "-nodeReuse:false");
            Assert.True(exit == 0, output);
            var properties = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("Properties");
            Assert.Equal(("false", "false"), (properties.GetProperty("IsPackable").GetString(), properties.GetProperty("WarnOnPackingNonPackableProject").GetString()));
        }
    }
}
