using System.Globalization;
using System.Text.Json;
using FibreCafe.Tests.Processes;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// The sample receiver (<c>samples/FibreCafe.Samples.KciReceiver</c>) as a child process on 127.0.0.1: its
/// stdout carries one JSON line per dispatched event, its stderr the logs. It can be killed with SIGKILL
/// and its resident memory read from <c>/proc</c>.
/// </summary>
internal sealed class ReceiverProcess : IDisposable
{
    private readonly SampleProcess _process;
    private bool _killedHard;

    private ReceiverProcess(int port, IReadOnlyDictionary<string, string?> environment)
    {
        Port = port;
        _process = SampleProcess.Start("FibreCafe.Samples.KciReceiver", ["--urls", $"http://127.0.0.1:{port}"], environment);
    }

    public int Port { get; }

    public Uri Kcis => new($"http://127.0.0.1:{Port}/kcis");

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Stdout => _process.Stdout;

    public IReadOnlyList<string> Stderr => _process.Stderr;

    /// <summary>Gets the dispatched events printed so far: event name, KCI id, sequence number, entity id, and the line itself.</summary>
    public IReadOnlyList<PrintedEvent> Events
    {
        get
        {
            // SIGKILL can cut the last line short: that event was still being printed, so its KCI was in flight.
            var lines = Stdout;
            var printed = _killedHard && lines.Count > 0 && !PrintedEvent.IsWhole(lines[^1]) ? lines.Take(lines.Count - 1) : lines;
            return printed.Select(PrintedEvent.Parse).ToList();
        }
    }

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
        await receiver._process.WaitUntilHealthyAsync(port, TimeSpan.FromSeconds(60));
        return receiver;
    }

    public static int FreePort() => SampleProcess.FreePort();

    /// <summary>Kills the process with SIGKILL: no shutdown code runs, nothing is flushed or released.</summary>
    public void KillHard()
    {
        _killedHard = true;
        _process.KillHard();
    }

    public void Dispose() => _process.Dispose();
}

/// <summary>One JSON line of the sample receiver: a dispatched domain event.</summary>
internal sealed record PrintedEvent(string Event, Guid KciId, long SequenceNumber, long EntityId, string Line)
{
    public static bool IsWhole(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

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
