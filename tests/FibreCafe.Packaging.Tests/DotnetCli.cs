using System.Diagnostics;
using System.Text;

namespace FibreCafe.Packaging.Tests;

/// <summary>Runs the dotnet CLI (or git) as a child process, outside the MSBuild environment of the test host.</summary>
internal static class DotnetCli
{
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments) =>
        RunProgramAsync("dotnet", workingDirectory, arguments);

    public static Task<(int ExitCode, string Output)> RunGitAsync(string workingDirectory, params string[] arguments) =>
        RunProgramAsync("git", workingDirectory, arguments);

    private static async Task<(int ExitCode, string Output)> RunProgramAsync(string program, string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under MSBuild variables that would point a child build at the wrong SDK paths.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FibreCafe.Client.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FibreCafe.Client.sln not found above " + AppContext.BaseDirectory);
    }
}
