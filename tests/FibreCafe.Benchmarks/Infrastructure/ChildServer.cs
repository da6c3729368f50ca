using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace FibreCafe.Benchmarks.Infrastructure;

/// <summary>
/// A server run as a separate process of this same executable (a <c>serve-*</c> command), so that its CPU,
/// allocations and memory are not counted as the measured side's. It prints <c>LISTENING url</c> when ready
/// and stops when its standard input closes, so it never outlives the process that started it.
/// </summary>
internal sealed class ChildServer : IDisposable
{
    public const string ReadyPrefix = "LISTENING ";

    private readonly Process _process;

    private ChildServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public static ChildServer Start(string command, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments) =>
        Start(command, environment, null, arguments);

    /// <summary>Starts the server; every later line it prints goes to <paramref name="onLine"/> (else it is discarded).</summary>
    public static ChildServer Start(string command, IReadOnlyDictionary<string, string>? environment, Action<string>? onLine, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };

        // Run through the apphost when there is one, else as "dotnet FibreCafe.Benchmarks.dll".
        var self = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = self;
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }
        else
        {
            start.FileName = self;
        }

        start.ArgumentList.Add(command);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var line = process.StandardOutput.ReadLine();
            if (line is null)
            {
                break;
            }

            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                var server = new ChildServer(process, new Uri(line[ReadyPrefix.Length..].Trim()));
                _ = Task.Run(() =>
                {
                    // Keep the pipe drained; hand each line on.
                    while (process.StandardOutput.ReadLine() is { } next)
                    {
                        onLine?.Invoke(next);
                    }
                });
                return server;
            }

            Console.WriteLine($"[{command}] {line}");
        }

        Stop(process);
        throw new InvalidOperationException($"'{command}' did not report its address (exit code {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none")}).");
    }

    /// <summary>Reads the peak resident set size (VmHWM) and the current one (VmRSS) of the server, in bytes.</summary>
    public (long Peak, long Current) ReadMemory() => ProcessMemory.Read(_process.Id);

    public void Dispose() => Stop(_process);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close(); // the server's signal to stop
                if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
                {
                    process.Kill(entireProcessTree: true); // only the child this process started, by its handle
                    process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            process.Dispose();
        }
    }
}

/// <summary>Memory figures of a process from <c>/proc/PID/status</c> (Linux).</summary>
internal static class ProcessMemory
{
    public static (long Peak, long Current) Read(int processId)
    {
        long peak = 0, current = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKiloBytes(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = ParseKiloBytes(line);
            }
        }

        return (peak, current);
    }

    private static long ParseKiloBytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>Waits, in a server process, until the parent closes standard input.</summary>
internal static class ParentWatch
{
    public static Task WhenParentGoneAsync() => Task.Run(() =>
    {
        try
        {
            while (Console.In.ReadLine() is not null)
            {
                // ignore input; only its end matters
            }
        }
        catch (IOException)
        {
            // the pipe broke: the parent is gone
        }
    });
}
