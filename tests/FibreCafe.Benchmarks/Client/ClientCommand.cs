using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Client;

/// <summary>
/// The <c>client</c> command: starts the loopback gateway in its own process, runs
/// <see cref="ClientOverheadBenchmarks"/> with BenchmarkDotNet and writes <c>client.md</c> with the b/a figures.
/// </summary>
internal static class ClientCommand
{
    /// <summary>Goal of issue 7: the full client at most 1.10 times the floor's mean time.</summary>
    public const double MaxTimeRatio = 1.10;

    /// <summary>Goal of issue 7: at most 4 KB more allocated per call than the floor.</summary>
    public const long MaxExtraBytes = 4 * 1024;

    public static int Run(Options options)
    {
        using var gateway = ChildServer.Start("serve-gateway");
        Console.WriteLine($"gateway {gateway.Url} (pid {gateway.ProcessId})");

        // A shortened job keeps the whole run.sh within ~15 minutes on 2 cores (run.sh: 2 launches of 5 warm-up and
        // 15 measured iterations of ~0.5 s each per benchmark) instead of BenchmarkDotNet's adaptive default.
        var job = Job.Default
            .WithId("Short")
            .WithLaunchCount(options.Launches)
            .WithWarmupCount(5)
            .WithIterationCount(options.Iterations)
            .WithEnvironmentVariables(new EnvironmentVariable(ClientOverheadBenchmarks.GatewayVariable, gateway.Url.ToString()));
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(options.ResultsDirectory, "BenchmarkDotNet"))
            .WithOptions(ConfigOptions.DisableLogFile);
        if (options.Profile)
        {
            // CPU samples and allocation ticks for the profiling of issue 7 point 5 (speedscope + nettrace).
            config = config.AddDiagnoser(new EventPipeProfiler(EventPipeProfile.CpuSampling));
        }

        if (options.Filter is { } filter)
        {
            config = config.AddFilter(new BenchmarkDotNet.Filters.GlobFilter([filter]));
        }

        var summary = BenchmarkRunner.Run<ClientOverheadBenchmarks>(config);
        return WriteResults(summary, options);
    }

    private static int WriteResults(Summary summary, Options options)
    {
        BenchmarkReport? Find(string method) => summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        var floor = Find(nameof(ClientOverheadBenchmarks.HandWrittenFloor));
        var client = Find(nameof(ClientOverheadBenchmarks.FullClientCachedToken));
        if (floor?.ResultStatistics is null || client?.ResultStatistics is null)
        {
            Console.Error.WriteLine("The floor or the client benchmark produced no result.");
            return 1;
        }

        var md = new StringBuilder();
        md.AppendLine("## 1. Client overhead: full client vs hand-written floor (BenchmarkDotNet)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Job `Short` (a shortened job, to keep run.sh near 10 minutes on 2 cores): {options.Launches} launch(es), 5 warm-up + {options.Iterations} measured iterations per benchmark, MemoryDiagnoser; one POST per operation, sequential, against the same loopback Kestrel gateway (separate process). the error column is half of the 99.9% confidence interval of the mean; allocated bytes are per call, in the benchmark process only (the gateway runs in another process).");
        md.AppendLine();
        md.AppendLine("| benchmark | mean | error (99.9%) | allocated/call | time vs floor | extra bytes vs floor |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
        {
            var stats = report.ResultStatistics!;
            var bytes = Bytes(report);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} | {Micro(stats.Mean)} | ±{Micro(stats.ConfidenceInterval.Margin)} | {bytes:N0} B | {stats.Mean / floor.ResultStatistics.Mean:0.000}× | {bytes - Bytes(floor):+#,0;-#,0;0} B |");
        }

        var ratio = client.ResultStatistics.Mean / floor.ResultStatistics.Mean;
        var extra = Bytes(client) - Bytes(floor);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- **b/a time ratio: {ratio:0.000}×** (goal ≤ {MaxTimeRatio:0.00}×): **{(ratio <= MaxTimeRatio ? "pass" : "FAIL")}**");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **b − a allocated: {extra:+#,0;-#,0;0} B/call** ({Bytes(client):N0} vs {Bytes(floor):N0}; goal ≤ +{MaxExtraBytes:N0} B): **{(extra <= MaxExtraBytes ? "pass" : "FAIL")}**");
        md.AppendLine(CultureInfo.InvariantCulture, $"- b/a allocation ratio: {(double)Bytes(client) / Bytes(floor):0.00}×");
        md.AppendLine();

        Goals.Append(options.ResultsDirectory, "Client time b/a (full client ÷ floor)", "≤ 1.10×",
            string.Create(CultureInfo.InvariantCulture, $"{ratio:0.000}× ({Micro(client.ResultStatistics.Mean)} vs {Micro(floor.ResultStatistics.Mean)})"), ratio <= MaxTimeRatio);
        Goals.Append(options.ResultsDirectory, "Client allocation b − a per call", "≤ +4 KB (4,096 B)",
            string.Create(CultureInfo.InvariantCulture, $"{extra:+#,0;-#,0;0} B ({Bytes(client):N0} vs {Bytes(floor):N0} B)"), extra <= MaxExtraBytes);
        Directory.CreateDirectory(options.ResultsDirectory);
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "client.md"), md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }

    private static long Bytes(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;

    private static string Micro(double nanoseconds) => (nanoseconds / 1000).ToString("0.0 µs", CultureInfo.InvariantCulture);

    internal sealed record Options(string ResultsDirectory, int Launches, int Iterations, bool Profile, string? Filter);
}
