using System.Globalization;
using FibreCafe.Benchmarks.Client;
using FibreCafe.Benchmarks.Growth;
using FibreCafe.Benchmarks.Infrastructure;
using FibreCafe.Benchmarks.Receiver;
using FibreCafe.Benchmarks.Soak;
using FibreCafe.Benchmarks.Store;
using FibreCafe.Benchmarks.Token;

namespace FibreCafe.Benchmarks;

/// <summary>
/// Benchmarks and load figures of issue 7. Commands (run.sh runs them all in Release):
/// <c>client</c> (BenchmarkDotNet: floor vs full client), <c>client-paired</c> (interleaved check of the time
/// ratio), <c>alloc-profile</c> (allocations per call by type), <c>token</c> (single flight under 1,000
/// concurrent calls), <c>store</c> (the SQLite store's cost per KCI by commit size), <c>receiver</c> (KCI receiver load vs a no-op endpoint; <c>--store sqlite|memory</c>), <c>requests</c> (durable
/// cancellation requests: submissions vs KCI intake on SQLite and PostgreSQL, sends per second, delay from due to send).
/// Issue 19: <c>client-concurrency</c> (floor vs client at 1..256 concurrent callers) and <c>soak</c> (the sample
/// receiver under an open loop for an hour, not part of the normal run: <c>run.sh --soak</c>).
/// <c>growth</c> (issue 19: intake, claim, health check and retention with 0 to 3,000,000 done KCIs stored, SQLite and
/// PostgreSQL), <c>pg-receiver</c> (issue 19: the receiver on a durable PostgreSQL, one and two processes, the database's CPU share).
/// <c>serve-gateway</c> and <c>serve-receiver</c> are the server processes the others start. Every load targets
/// 127.0.0.1 only and is bounded in count and time.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: FibreCafe.Benchmarks client|client-paired|alloc-profile|token|store|receiver|requests|growth|pg-receiver|client-concurrency|soak [--results DIR] [options]");
            return 2;
        }

        var command = args[0];
        var options = new ArgumentReader(args.Skip(1).ToArray());
        var results = Path.GetFullPath(options.String("--results") ?? Path.Combine(Environment.CurrentDirectory, "results"));
        return command switch
        {
            "client" => ClientCommand.Run(new ClientCommand.Options(
                results,
                options.Int("--launches") ?? 2,
                options.Int("--iterations") ?? 15,
                options.Flag("--profile"),
                options.String("--filter"))),
            "token" => await TokenSingleFlightCommand.RunAsync(new TokenSingleFlightCommand.Options(
                results,
                options.Int("--calls") ?? 1000,
                options.Int("--rounds") ?? 5)),
            "receiver" => await ReceiverCommand.RunAsync(new ReceiverCommand.Options(
                results,
                options.String("--store") ?? "sqlite",
                options.Int("--concurrency") ?? 32,
                options.Int("--seconds") ?? 10,
                options.Int("--rate") ?? 1000,
                options.Int("--max-requests") ?? 400_000,
                !options.Flag("--workstation-gc"),
                options.String("--label"),
                !options.Flag("--no-dispatch"),
                options.Int("--slice-seconds") ?? 4,
                options.Int("--rounds") ?? 3,
                options.Int("--drain-seconds") ?? 30,
                options.String("--host-env"),
                options.Int("--dispatch-concurrency"))),
            "store" => await StoreBatchCommand.RunAsync(results, options.Int("--kcis") ?? 20_000),
            "requests" => await Requests.RequestsCommand.RunAsync(
                results, options.Int("--seconds") ?? 5, options.Int("--sends") ?? 3000, options.Int("--rate") ?? 100, options.Int("--rate-seconds") ?? 20),
            "client-paired" => await PairedComparisonCommand.RunAsync(results, options.Int("--rounds") ?? 40, options.Int("--batch") ?? 1000),
            "alloc-profile" => await AllocationProfileCommand.RunAsync(results, options.Int("--calls") ?? 30_000),
            // --- issue 19, parts 3 and 4 (growth-soak) ---
            "client-concurrency" => await ClientConcurrencyCommand.RunAsync(
                results,
                (options.String("--levels") ?? "1,16,64,256").Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray(),
                options.Int("--seconds") ?? 5,
                options.Int("--rounds") ?? 4,
                options.String("--only")),
            "soak" => await SoakCommand.RunAsync(new SoakCommand.Options(
                results,
                options.Double("--minutes") ?? 60,
                options.Int("--rate") ?? 500,
                options.Double("--retention-minutes") ?? 5,
                options.Double("--warmup-minutes") ?? 5,
                options.String("--sample"))),
            // --- end issue 19, parts 3 and 4 ---
            // -- growth (issue 19, parts 1 and 2) --
            "growth" => await GrowthCommand.RunAsync(new GrowthCommand.Options(
                results,
                GrowthCommand.Options.ParseStores(options.String("--store")),
                GrowthCommand.Options.ParseSizes(options.String("--sizes")),
                Math.Max(1, (options.Int("--seconds") ?? 8) / 2),
                2,
                options.Int("--claims") ?? 2000,
                options.Int("--claim-seconds") ?? 60)),
            "pg-receiver" => await PgReceiverCommand.RunAsync(new PgReceiverCommand.Options(
                results,
                options.Int("--seconds") ?? 10,
                options.Int("--slice-seconds") ?? 4,
                options.Int("--rounds") ?? 3,
                options.Int("--rate") ?? 1000,
                !options.Flag("--no-dispatch"),
                options.Int("--drain-seconds") ?? 30)),
            // -- end growth --
            "serve-gateway" => await LoopbackGateway.ServeAsync(),
            "serve-receiver" => await ReceiverHost.ServeAsync(options),
            _ => Unknown(command),
        };
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"unknown command '{command}'");
        return 2;
    }
}

/// <summary>Reads <c>--name value</c> and <c>--flag</c> arguments.</summary>
internal sealed class ArgumentReader(string[] args)
{
    public string? String(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public int? Int(string name) => String(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    public double? Double(string name) => String(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;

    public bool Flag(string name) => Array.IndexOf(args, name) >= 0;
}
