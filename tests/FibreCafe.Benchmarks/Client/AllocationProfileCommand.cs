using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Client;

/// <summary>
/// The <c>alloc-profile</c> command (profiling for issue 7 point 5): runs each benchmark body of
/// <see cref="ClientOverheadBenchmarks"/> many times in this process with the runtime's allocation sampling
/// events on (GCAllocationTick, one event per ~100 KB allocated, with the type of the object that crossed the
/// threshold) and prints, per body, the sampled bytes per call by type. Comparing a body with the floor shows
/// which types the client's extra bytes are made of. Exact totals come from
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> deltas around sequential calls.
/// </summary>
internal static class AllocationProfileCommand
{
    public static async Task<int> RunAsync(string resultsDirectory, int calls)
    {
        using var gateway = ChildServer.Start("serve-gateway");
        Environment.SetEnvironmentVariable(ClientOverheadBenchmarks.GatewayVariable, gateway.Url.ToString());
        var bench = new ClientOverheadBenchmarks();
        await bench.SetupAsync();

        var bodies = new (string Name, Func<Task<long>> Call)[]
        {
            ("a) floor", bench.HandWrittenFloor),
            ("handlers only", bench.HandWrittenOnPipeline),
            ("Refit on handlers", bench.RefitOnPipeline),
            ("b) full client", bench.FullClientCachedToken),
            ("b') full client, default TokenEndpoint", bench.FullClientDefaultTokenEndpoint),
        };

        var md = new StringBuilder();
        md.AppendLine("## Allocation profile per call (sampled by type)");
        md.AppendLine();
        foreach (var (name, call) in bodies)
        {
            for (var i = 0; i < 2000; i++)
            {
                await call(); // warm (tier-1 JIT, pools)
            }

            using var listener = new AllocationListener();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < calls; i++)
            {
                await call();
            }

            var perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
            listener.Dispose();
            md.AppendLine(CultureInfo.InvariantCulture, $"### {name}: {perCall:N0} B/call (process-wide, {calls:N0} calls)");
            md.AppendLine();
            md.AppendLine("| type (sampled) | ~B/call | share |");
            md.AppendLine("|---|---:|---:|");
            var sampled = listener.ByType.Values.Sum();
            foreach (var (type, bytes) in listener.ByType.OrderByDescending(p => p.Value).Take(25))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| `{type}` | {bytes / (double)calls:N0} | {100.0 * bytes / sampled:0.0}% |");
            }

            md.AppendLine();
        }

        await bench.CleanupAsync();
        Directory.CreateDirectory(resultsDirectory);
        File.WriteAllText(Path.Combine(resultsDirectory, "client-allocations.md"), md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }

    /// <summary>Collects GCAllocationTick events (type name and the ~100 KB amount each one stands for).</summary>
    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly Lock _gate = new();

        public Dictionary<string, long> ByType { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
            {
                return;
            }

            var type = eventData.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
            var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0
                ? Convert.ToInt64(eventData.Payload[a], CultureInfo.InvariantCulture)
                : 100_000;
            lock (_gate)
            {
                ByType[type] = ByType.GetValueOrDefault(type) + amount;
            }
        }
    }
}
