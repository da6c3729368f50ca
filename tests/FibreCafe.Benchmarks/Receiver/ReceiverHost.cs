using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Receiver;

/// <summary>
/// The <c>serve-receiver</c> command: an ASP.NET Core host on 127.0.0.1 with the KCI receiver at
/// <c>POST /kcis</c> (Basic authentication, SQLite store in the given file, dispatcher running) and, in the
/// same host, a no-op <c>POST /noop</c> that answers the same 204 without reading anything. Logging is at
/// Warning, as a production host under load would run it.
/// </summary>
internal static class ReceiverHost
{
    public const string Username = "fibre-gateway";
    public const string Password = "bench-kci-password-5f0c2a61";

    /// <summary>The environment variable with the PostgreSQL store's connection string (<c>--store postgresql</c>).</summary>
    public const string PostgresConnectionVariable = "FIBRECAFE_BENCH_PG_CONNECTION";

    public static async Task<int> ServeAsync(ArgumentReader arguments)
    {
        var store = arguments.String("--store") ?? "sqlite";
        var database = arguments.String("--db");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));

        var receiver = builder.Services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = Username;
            o.Authentication.Basic.Password = Password;
            o.Dispatch.Enabled = !arguments.Flag("--no-dispatch"); // profiling only: isolates the endpoint's own cost
            o.Dispatch.MaxConcurrency = arguments.Int("--dispatch-concurrency") ?? o.Dispatch.MaxConcurrency;
        });
        switch (store)
        {
            case "sqlite":
                receiver.UseSqliteStore(database ?? throw new InvalidOperationException("--db is required with the SQLite store."));
                break;
            case "memory":
                receiver.UseInMemoryStore(); // separates the store's cost from the rest
                break;
            case "postgresql":
                // growth / pg-receiver: the connection string comes from the environment, so no password is on a command line.
                receiver.UsePostgreSqlStore(o =>
                {
                    o.ConnectionString = Environment.GetEnvironmentVariable(PostgresConnectionVariable)
                        ?? throw new InvalidOperationException($"{PostgresConnectionVariable} is required with the PostgreSQL store.");
                    o.Schema = arguments.String("--schema") ?? o.Schema;
                });
                break;
            default:
                throw new InvalidOperationException($"Unknown store '{store}'.");
        }

        await using var app = builder.Build();
        app.MapFibreCafeKcis("/kcis");
        // Measurement only: the inbox backlog, so the driver can wait for the dispatcher between phases.
        app.MapGet("/_bench/inbox", async context =>
        {
            var statistics = await context.RequestServices.GetRequiredService<FibreCafe.Kci.IKciInbox>().GetStatisticsAsync(context.RequestAborted);
            await context.Response.WriteAsync(statistics.Pending.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        app.MapPost("/noop", context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        await app.StartAsync();
        if (arguments.Flag("--stats"))
        {
            StartStatsThread();
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(ChildServer.ReadyPrefix + address);
        await ParentWatch.WhenParentGoneAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>
    /// Prints the runtime's own counters every second on a dedicated thread (so it keeps its pace when the
    /// thread pool is starved): what dotnet-counters would show, which is not available offline here.
    /// </summary>
    private static void StartStatsThread()
    {
        var thread = new Thread(() =>
        {
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var lastCpu = process.TotalProcessorTime;
            var lastCompleted = ThreadPool.CompletedWorkItemCount;
            var lastContention = Monitor.LockContentionCount;
            var lastWritten = DiskBytesWritten();
            while (true)
            {
                Thread.Sleep(1000);
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var completed = ThreadPool.CompletedWorkItemCount;
                var contention = Monitor.LockContentionCount;
                var written = DiskBytesWritten();
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"STATS threadpool-threads={ThreadPool.ThreadCount} queue={ThreadPool.PendingWorkItemCount} work-items/s={completed - lastCompleted} lock-contentions/s={contention - lastContention} cpu%={(cpu - lastCpu).TotalMilliseconds / 10:0} gc-heap-MB={GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:0.0} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} disk-write-KB/s={(written - lastWritten) / 1024}"));
                (lastCpu, lastCompleted, lastContention, lastWritten) = (cpu, completed, contention, written);
            }
        })
        { IsBackground = true, Name = "bench stats" };
        thread.Start();
    }

    // Bytes this process caused to be written to storage (page cache included): the store's write amplification.
    internal static long DiskBytesWritten()
    {
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
