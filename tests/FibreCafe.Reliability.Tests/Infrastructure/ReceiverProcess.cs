using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// The sample receiver (<c>samples/FibreCafe.Samples.KciReceiver</c>) as a child process on 127.0.0.1: its
/// stdout carries one JSON line per dispatched event, its stderr the logs. It can be killed with SIGKILL
/// (<see cref="Process.Kill()"/> on Linux) and its resident memory read from <c>/proc</c>.
/// </summary>
internal sealed class ReceiverProcess : IDisposable
{
    private const string Sample = "FibreCafe.Samples.KciReceiver";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private bool _disposed;

    private ReceiverProcess(int port, IReadOnlyDictionary<string, string?> environment)
    {
        Port = port;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(SampleAssembly)!,
        };
        start.ArgumentList.Add(SampleAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
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

    public int Port { get; }

    public Uri Kcis => new($"http://127.0.0.1:{Port}/kcis");

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Stdout => _stdout.ToArray();

    public IReadOnlyList<string> Stderr => _stderr.ToArray();

    /// <summary>Gets the dispatched events printed so far: event name, KCI id, sequence number, entity id, and the line itself.</summary>
    public IReadOnlyList<PrintedEvent> Events => Stdout.Select(PrintedEvent.Parse).ToList();

    /// <summary>Gets the resident set size now (VmRSS), in bytes.</summary>
    public long ResidentBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    public static async Task<ReceiverProcess> StartAsync(int port, IReadOnlyDictionary<string, string?> environment)
    {
        var receiver = new ReceiverProcess(port, environment);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(receiver.HasExited, "The receiver exited while starting:\n" + string.Join('\n', receiver.Stderr));
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return receiver;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, "The receiver did not become healthy:\n" + string.Join('\n', receiver.Stderr));
            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs, nothing is flushed or released.</summary>
    public void KillHard()
    {
        _process.Kill();
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The sample's assembly, built in the same configuration as this test assembly (a project reference builds it first).</summary>
    private static string SampleAssembly
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory); // tests/<project>/bin/<configuration>/net10.0/
            var configuration = testBin.Parent!.Name;
            var root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(root, "samples", Sample, "bin", configuration, "net10.0", Sample + ".dll");
            Assert.True(File.Exists(path), $"{path} was not built");
            return path;
        }
    }

    private static void Enqueue(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}

/// <summary>One JSON line of the sample receiver: a dispatched domain event.</summary>
internal sealed record PrintedEvent(string Event, Guid KciId, long SequenceNumber, long EntityId, string Line)
{
    public static PrintedEvent Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new PrintedEvent(
            root.GetProperty("event").GetString()!,
            root.GetProperty("kciId").GetGuid(),
            root.GetProperty("sequenceNumber").GetInt64(),
            root.TryGetProperty("entityId", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var entityId) ? entityId : 0,
            line);
    }
}
