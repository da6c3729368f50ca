using System.Diagnostics;
using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Client;

/// <summary>
/// The <c>client-paired</c> command: a drift-resistant check of the BenchmarkDotNet ratio. BenchmarkDotNet
/// measures (a) and then (b), so load from other work on a shared machine can land on one and not the other.
/// Here batches of floor calls and client calls alternate (order swapped every round) in one process against the
/// same gateway, and the ratio is taken per round, so both sides see the same noise. It also reports the CPU time
/// this process spends per call (all its threads), which is what the client itself costs, apart from the server
/// and the kernel's loopback.
/// </summary>
internal static class PairedComparisonCommand
{
    public static async Task<int> RunAsync(string resultsDirectory, int rounds, int batch)
    {
        var (gateway, bench) = await ClientOverheadBenchmarks.StartWarmAsync();
        using var _ = gateway;
        Func<Task<long>> floor = bench.HandWrittenFloor, client = bench.FullClientCachedToken;

        var process = Process.GetCurrentProcess();
        var floorWall = new List<double>();
        var clientWall = new List<double>();
        var floorCpu = new List<double>();
        var clientCpu = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var first = round % 2 == 0;
            var (w1, c1) = await MeasureAsync(first ? floor : client, batch, process);
            var (w2, c2) = await MeasureAsync(first ? client : floor, batch, process);
            var (fw, fc, cw, cc) = first ? (w1, c1, w2, c2) : (w2, c2, w1, c1);
            floorWall.Add(fw);
            clientWall.Add(cw);
            floorCpu.Add(fc);
            clientCpu.Add(cc);
            ratios.Add(cw / fw);
        }

        await bench.CleanupAsync();
        var wallRatio = Median(ratios);
        var cpuRatio = Median(clientCpu) / Median(floorCpu);
        var md = new StringBuilder();
        md.AppendLine("### 1b. Paired, interleaved check of the time ratio");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{rounds} rounds, each one batch of {batch:N0} sequential floor calls and one of {batch:N0} client calls (order alternating), same process, same gateway. Median over rounds; the ratio is taken within each round, so drift on the shared machine hits both sides alike. CPU = this process's CPU time (all threads) per call.");
        md.AppendLine();
        md.AppendLine("| | floor (a) | full client (b) | b/a |");
        md.AppendLine("|---|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| wall time per call (median of rounds) | {Median(floorWall):0.0} µs | {Median(clientWall):0.0} µs | **{wallRatio:0.000}×** (median of per-round ratios; p10–p90 {Percentile(ratios, 0.1):0.000}–{Percentile(ratios, 0.9):0.000}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| client-process CPU per call (median) | {Median(floorCpu):0.0} µs | {Median(clientCpu):0.0} µs | {cpuRatio:0.000}× (+{Median(clientCpu) - Median(floorCpu):0.0} µs) |");
        md.AppendLine();
        Goals.Append(resultsDirectory, "Client time b/a, paired interleaved check", "≤ 1.10×",
            string.Create(CultureInfo.InvariantCulture, $"{wallRatio:0.000}× wall ({Median(clientWall):0.0} vs {Median(floorWall):0.0} µs); CPU {cpuRatio:0.00}× (+{Median(clientCpu) - Median(floorCpu):0.0} µs/call)"),
            wallRatio <= ClientCommand.MaxTimeRatio);
        Directory.CreateDirectory(resultsDirectory);
        File.WriteAllText(Path.Combine(resultsDirectory, "client-paired.md"), md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }

    private static async Task<(double WallMicros, double CpuMicros)> MeasureAsync(Func<Task<long>> call, int batch, Process process)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.GetTimestamp();
        for (var i = 0; i < batch; i++)
        {
            await call();
        }

        var elapsed = Stopwatch.GetElapsedTime(wall);
        process.Refresh();
        return (elapsed.TotalMicroseconds / batch, (process.TotalProcessorTime - cpu).TotalMicroseconds / batch);
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
