using System.Diagnostics;
using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Receiver;
using FibreCafe.Kci;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Benchmarks.Store;

/// <summary>
/// The <c>store</c> command: what one durable KCI costs the SQLite store, as a function of how many KCIs share a
/// commit. Rounds of N concurrent <see cref="IKciInbox.AddAsync"/> calls (unique KCI and entity ids, the load
/// driver's 544-byte body) reach the store's one writer together, which commits each round in one or two
/// commits. For each N it reports the process CPU time, the wall time and the bytes written to storage per KCI.
/// No HTTP and no dispatcher: the write every 204 waits for, alone.
/// </summary>
internal static class StoreBatchCommand
{
    private static readonly int[] BatchSizes = [1, 4, 11, 32, 100];

    public static async Task<int> RunAsync(string results, int kcisPerSize)
    {
        var rows = new List<string>();
        foreach (var size in BatchSizes)
        {
            var folder = Directory.CreateTempSubdirectory("fibrecafe-store-");
            try
            {
                rows.Add(await MeasureAsync(Path.Combine(folder.FullName, "kci.db"), size, Math.Max(1, kcisPerSize / size) * size));
                Console.WriteLine(rows[^1]);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        var md = new StringBuilder();
        md.AppendLine("## SQLite store: cost per durable KCI by commit size (diagnostic)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"`IKciInbox.AddAsync` of the SQLite store in one process, {kcisPerSize:N0} KCIs per commit size into a new file, in rounds of N calls started together and awaited together (`synchronous=FULL`). The writer commits what is queued when it wakes, so a round is one commit or, when the writer wakes before the round is all queued, two: N is the most KCIs per commit. CPU is the whole process's (user + system), bytes are from `/proc/self/io`. Where the CPU exceeds the wall time, idle thread-pool workers spun (`sched_yield`) while each commit waited for the disk: the runtime's default, kept here.");
        md.AppendLine();
        md.AppendLine("| KCIs per round (N) | CPU per KCI | wall per KCI | rounds/s | bytes written per KCI |");
        md.AppendLine("|---:|---:|---:|---:|---:|");
        rows.ForEach(r => md.AppendLine(r));
        md.AppendLine();
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "store.md"), md.ToString());
        return 0;
    }

    private static async Task<string> MeasureAsync(string database, int size, int count)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = ReceiverHost.Username; // required by the options' validation, unused here
            o.Authentication.Basic.Password = ReceiverHost.Password;
            o.Dispatch.Enabled = false;
        }).UseSqliteStore(database);
        await using var provider = services.BuildServiceProvider();
        var inbox = provider.GetRequiredService<IKciInbox>();
        await inbox.GetStatisticsAsync(); // creates the file and its schema outside the measurement

        var body = new byte[KciRequestFactory.BodyLength];
        Random.Shared.NextBytes(body);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var written = ReceiverHost.DiskBytesWritten();
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < count; done += size)
        {
            await Task.WhenAll(Enumerable.Range(done, size).Select(n => inbox.AddAsync(Entry(n, body))));
        }

        clock.Stop();
        process.Refresh();
        var cpuPerKci = (process.TotalProcessorTime - cpu).TotalMicroseconds / count;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {size} | {cpuPerKci:0.0} µs | {clock.Elapsed.TotalMicroseconds / count:0.0} µs | {count / size / clock.Elapsed.TotalSeconds:N0} | {(ReceiverHost.DiskBytesWritten() - written) / count:N0} B |");
    }

    /// <summary>A KCI of its own entity (<paramref name="n"/>), as the load driver's: the inbox entry the receiver stores per 204.</summary>
    internal static KciInboxEntry Entry(long n, byte[] body) => new()
    {
        KciId = Guid.NewGuid(),
        EntityKey = string.Create(CultureInfo.InvariantCulture, $"PROVIDE_ORDER:{100_000_000_000L + n}"),
        SequenceNumber = 1,
        EntityType = "PROVIDE_ORDER",
        UpdateType = "INFORMATIONAL",
        Supplier = "FIBRECO",
        DeliveredOn = DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        Body = body,
    };
}
