using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace FibreCafe.Tests.Processes;

/// <summary>
/// Runs a sample's built assembly as a child process and collects its stdout (JSON lines) and stderr (logs).
/// Shared by the test projects that run samples; the sample must be built first (a project reference
/// with <c>ReferenceOutputAssembly="false"</c> does that).
/// </summary>
internal sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private bool _disposed;

    private SampleProcess(string sample, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var assembly = AssemblyOf(sample);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test passes configures the sample.
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

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Stdout => _stdout.ToArray();

    public IReadOnlyList<string> Stderr => _stderr.ToArray();

    public string StderrText => string.Join('\n', _stderr);

    public IReadOnlyList<JsonElement> JsonLines => Stdout.Select(l => JsonDocument.Parse(l).RootElement).ToList();

    public static SampleProcess Start(string sample, IEnumerable<string>? arguments = null, IEnumerable<KeyValuePair<string, string?>>? environment = null) =>
        new(sample, arguments ?? [], environment ?? []);

    public static async Task<SampleProcess> RunAsync(string sample, IEnumerable<string>? arguments = null, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var process = Start(sample, arguments, environment);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return process;
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
            Assert.True(DateTime.UtcNow < deadline, $"No such output line within {timeout}. stdout:\n{string.Join('\n', Stdout)}\nstderr:\n{StderrText}");
            Assert.False(_process.HasExited, $"The sample exited with {(_process.HasExited ? _process.ExitCode : 0)}. stderr:\n{StderrText}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the sample answers 200 on <c>/health</c> at <paramref name="port"/>.</summary>
    public async Task WaitUntilHealthyAsync(int port, TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(HasExited, "The sample exited while starting:\n" + StderrText);
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, "The sample did not become healthy:\n" + StderrText);
            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs, nothing is flushed or released.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(); // also drains what it printed before it died
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            KillHard();
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
