using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Soak;

/// <summary>
/// The <c>soak</c> command (issue 19, part 3): the sample receiver in its own process on a fresh SQLite file, an open
/// loop of unique KCIs at a fixed rate for the given minutes, and every 10 s the host's resident memory, open file
/// descriptors, threads and the database's size (file and WAL). Done KCIs older than the retention are deleted every
/// minute while it runs (see <see cref="StartupHook"/> for how a retention under the product's 1-hour minimum is had).
/// Writes <c>soak.tsv</c> (the samples), <c>soak.md</c> (per minute, trends) and <c>soak.png</c> (the chart).
/// </summary>
internal static class SoakCommand
{
    public const int SampleSeconds = 10;

    public static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(Options options)
    {
        var folder = Directory.CreateTempSubdirectory("fibrecafe-soak-");
        try
        {
            return await RunAsync(options, Path.Combine(folder.FullName, "kci.db"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(Options options, string database)
    {
        // The product's DoneRetention is at least 1 hour; shorter ones are had by the retention clock running ahead.
        var retention = TimeSpan.FromMinutes(options.RetentionMinutes);
        var minimum = FibreCafe.Kci.KciStoreOptions.MinDoneRetention;
        var (doneRetention, ahead) = retention >= minimum ? (retention, (TimeSpan?)null) : (minimum, minimum - retention);
        var sample = SampleReceiver.Locate(options.SamplePath);
        var duration = TimeSpan.FromMinutes(options.Minutes);
        using var receiver = await SampleReceiver.StartAsync(sample, database, doneRetention, CleanupInterval, ahead);
        if (ahead is not null && !receiver.HookConfirmed)
        {
            Console.Error.WriteLine($"The retention clock did not take in the sample ({string.Join(" | ", receiver.FirstWarnings)}): stopping.");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {options.Rate}/s for {options.Minutes:0.#} min against {receiver.Url} (sample receiver, pid {receiver.ProcessId}); done KCIs and quiet entities kept {options.RetentionMinutes:0.#} min, clean-up every {CleanupInterval.TotalMinutes:0} min"));
        using var load = new SoakLoad(receiver.Url, options.Rate, duration);
        var samples = new List<Sample>();
        var running = load.RunAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        samples.Add(Sample.Take(0, receiver, database));
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(SampleSeconds)))
        {
            while (!running.IsCompleted && await timer.WaitForNextTickAsync())
            {
                var now = Sample.Take(clock.Elapsed.TotalSeconds, receiver, database);
                samples.Add(now);
                if (samples.Count % (60 / SampleSeconds) == 1)
                {
                    var minute = (int)Math.Round(now.Seconds / 60);
                    var (previous, _) = load.Window((minute - 1) * 60, minute * 60.0);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  minute {minute,3}: RSS {now.RssBytes / 1048576.0,6:0.0} MB, fds {now.Handles,4}, threads {now.Threads,3}, db+wal {now.FileBytes / 1048576.0,7:0.0} MB, deleted {now.Deleted,9:N0}, p99 of that minute {LatencySummary.Of(previous).P99,6:0.0} ms, errors {load.Errors + load.Dropped:N0}"));
                }
            }
        }

        await running;
        samples.Add(Sample.Take(clock.Elapsed.TotalSeconds, receiver, database));
        var report = new SoakReport(options, load, samples, receiver, ahead);
        receiver.Dispose();
        report.Write();
        return 0;
    }

    internal sealed record Options(string ResultsDirectory, double Minutes, int Rate, double RetentionMinutes, double WarmupMinutes, string? SamplePath);
}

/// <summary>One sample of the receiver process and its database, from <c>/proc</c> and the file system.</summary>
internal sealed record Sample(double Seconds, long RssBytes, int Handles, int Sockets, int Threads, long DbBytes, long WalBytes, long Events, long Deleted, double LoadAverage)
{
    public long FileBytes => DbBytes + WalBytes;

    public static Sample Take(double seconds, SampleReceiver receiver, string database)
    {
        long rss = 0;
        var threads = 0;
        var handles = 0;
        var sockets = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{receiver.ProcessId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan("Threads:".Length).Trim(), CultureInfo.InvariantCulture);
                }
            }

            // Sockets apart: most descriptors are the driver's connections (up to 256), which come and go with latency.
            foreach (var fd in Directory.GetFileSystemEntries($"/proc/{receiver.ProcessId}/fd"))
            {
                handles++;
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal))
                {
                    sockets++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the process is gone: the sample shows zeros
        }

        return new Sample(seconds, rss, handles, sockets, threads, Size(database), Size(database + "-wal"), receiver.Events, receiver.Deleted, ReadLoadAverage());
    }

    // The machine's 1-minute load average: on a shared machine, what tells a burst of someone else's work from a trend.
    private static double ReadLoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
