using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace FibreCafe.Samples.Tests;

/// <summary>Runs a sample's built assembly as a child process and collects its stdout JSON lines and stderr.</summary>
internal sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private SampleProcess(string sample, IEnumerable<string> arguments, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AssemblyOf(sample))!,
        };
        start.ArgumentList.Add(AssemblyOf(sample));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("FibreCafe", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Enqueue(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Enqueue(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> Stdout => _stdout.ToArray();

    public string Stderr => string.Join('\n', _stderr);

    public IReadOnlyList<JsonElement> JsonLines => Stdout.Select(l => JsonDocument.Parse(l).RootElement).ToList();

    public static SampleProcess Start(string sample, IEnumerable<string>? arguments = null, IDictionary<string, string?>? environment = null) =>
        new(sample, arguments ?? [], environment ?? new Dictionary<string, string?>());

    public static async Task<SampleProcess> RunAsync(string sample, IEnumerable<string>? arguments = null, IDictionary<string, string?>? environment = null)
    {
        var process = Start(sample, arguments, environment);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return process;
    }

    public int ExitCode => _process.ExitCode;

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the asynchronous output readers
    }

    public async Task WaitForStdoutAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stdout.Any(condition))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No such output line within {timeout}. stdout:\n{string.Join('\n', Stdout)}\nstderr:\n{Stderr}");
            Assert.False(_process.HasExited, $"The sample exited with {(_process.HasExited ? _process.ExitCode : 0)}. stderr:\n{Stderr}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>The sample's assembly, built in the same configuration as this test assembly.</summary>
    private static string AssemblyOf(string sample)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory); // tests/<project>/bin/<configuration>/net10.0/
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(path), $"{path} was not built");
        return path;
    }

    private static void Enqueue(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
