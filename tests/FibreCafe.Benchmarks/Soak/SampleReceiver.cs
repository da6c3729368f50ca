using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FibreCafe.Benchmarks.Receiver;

namespace FibreCafe.Benchmarks.Soak;

/// <summary>
/// The sample receiver (<c>samples/FibreCafe.Samples.KciReceiver</c>, as built in Release) run as its own process,
/// configured only through its environment: Basic credentials, the SQLite file, <c>DoneRetention</c> (also its
/// <c>EntityStateRetention</c>: each soak KCI is a new order, quiet once dispatched) and <c>CleanupInterval</c>, <c>--urls http://127.0.0.1:0</c>. It logs through Serilog to standard error (read here for
/// its address, the retention's deletions and any warning) and prints every dispatched event as a JSON line on standard
/// output (counted, not kept). It is a plain web host with no stop command of its own, so <see cref="Dispose"/> ends
/// the one process this command started, by its handle.
/// </summary>
internal sealed partial class SampleReceiver : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<string> _warnings = [];
    private long _events;
    private long _deleted;
    private long _entitiesDeleted;
    private long _deletionRuns;
    private long _warningCount;

    private SampleReceiver(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public bool HookConfirmed { get; private set; }

    /// <summary>Gets how many event lines the sample printed (each dispatched domain event is one).</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Gets how many quiet entities' states the retention deleted, from its log lines.</summary>
    public long EntitiesDeleted => Interlocked.Read(ref _entitiesDeleted);

    /// <summary>Gets how many done KCIs the retention deleted, from its log lines.</summary>
    public long Deleted => Interlocked.Read(ref _deleted);

    public long DeletionRuns => Interlocked.Read(ref _deletionRuns);

    public long WarningCount => Interlocked.Read(ref _warningCount);

    public IReadOnlyList<string> FirstWarnings
    {
        get
        {
            lock (_gate)
            {
                return [.. _warnings];
            }
        }
    }

    /// <summary>Finds the sample's build output from this executable's folder upwards (run.sh builds it in Release).</summary>
    public static string Locate(string? given)
    {
        if (given is not null)
        {
            return Path.GetFullPath(given);
        }

        const string Relative = "samples/FibreCafe.Samples.KciReceiver/bin/Release/net10.0/FibreCafe.Samples.KciReceiver.dll";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, Relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"The sample receiver is not built: run 'dotnet build samples/FibreCafe.Samples.KciReceiver -c Release' (looked for {Relative} above {AppContext.BaseDirectory}), or pass --sample PATH.");
    }

    public static async Task<SampleReceiver> StartAsync(string sampleDll, string database, TimeSpan doneRetention, TimeSpan cleanupInterval, TimeSpan? clockAhead)
    {
        var folder = Path.GetDirectoryName(sampleDll)!;
        var appHost = Path.Combine(folder, Path.GetFileNameWithoutExtension(sampleDll));
        var start = new ProcessStartInfo
        {
            FileName = File.Exists(appHost) ? appHost : "dotnet",
            WorkingDirectory = folder, // its appsettings.json, as when it is run from its folder
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!File.Exists(appHost))
        {
            start.ArgumentList.Add(sampleDll);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("FibreCafe__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited); // e.g. a gateway's address would also start the requests' processing run
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["FibreCafe__Kci__Authentication__Basic__Username"] = ReceiverHost.Username;
        start.Environment["FibreCafe__Kci__Authentication__Basic__Password"] = ReceiverHost.Password;
        start.Environment["FibreCafe__Kci__Store__Path"] = database;
        start.Environment["FibreCafe__Kci__Store__DoneRetention"] = doneRetention.ToString("c", CultureInfo.InvariantCulture);
        start.Environment["FibreCafe__Kci__Store__EntityStateRetention"] = doneRetention.ToString("c", CultureInfo.InvariantCulture);
        start.Environment["FibreCafe__Kci__Store__CleanupInterval"] = cleanupInterval.ToString("c", CultureInfo.InvariantCulture);
        if (clockAhead is { } ahead)
        {
            start.Environment["DOTNET_STARTUP_HOOKS"] = Assembly.GetExecutingAssembly().Location;
            start.Environment[RetentionClock.Variable] = ahead.ToString("c", CultureInfo.InvariantCulture);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample receiver.");
        var receiver = new SampleReceiver(process);
        _ = Task.Run(receiver.ReadEventsAsync);
        _ = Task.Run(receiver.ReadLogAsync);
        var ready = await Task.WhenAny(receiver._listening.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != receiver._listening.Task)
        {
            receiver.Dispose();
            throw new InvalidOperationException($"The sample receiver did not report its address within 60 s; its first warnings: {string.Join(" | ", receiver.FirstWarnings)}");
        }

        return receiver;
    }

    public Uri Url => _listening.Task.Result;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGKILL of the one process this command started, by its handle: the sample has no stop command, and
                // its SQLite file is thrown away with the run.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is not null)
        {
            Interlocked.Increment(ref _events);
        }
    }

    private async Task ReadLogAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } listening)
            {
                _listening.TrySetResult(new Uri(listening.Groups[1].Value));
            }
            else if (line.StartsWith(RetentionClock.Confirmation, StringComparison.Ordinal))
            {
                HookConfirmed = true;
            }
            else if (DeletedLine().Match(line) is { Success: true } deleted)
            {
                Interlocked.Add(ref _deleted, long.Parse(deleted.Groups[1].Value, CultureInfo.InvariantCulture));
                Interlocked.Increment(ref _deletionRuns);
            }
            else if (EntitiesDeletedLine().Match(line) is { Success: true } entities)
            {
                Interlocked.Add(ref _entitiesDeleted, long.Parse(entities.Groups[1].Value, CultureInfo.InvariantCulture));
            }
            else if (line.Contains(" WRN]", StringComparison.Ordinal) || line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal) || line.StartsWith("SOAK-HOOK", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _warningCount);
                lock (_gate)
                {
                    if (_warnings.Count < 5)
                    {
                        _warnings.Add(line);
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"KCI store retention: deleted ([0-9]+) done KCI")]
    private static partial Regex DeletedLine();

    [GeneratedRegex(@"KCI store retention: deleted the state of ([0-9]+) entit")]
    private static partial Regex EntitiesDeletedLine();
}
