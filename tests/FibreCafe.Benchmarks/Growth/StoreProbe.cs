using System.Diagnostics;
using FibreCafe.Benchmarks.Infrastructure;
using FibreCafe.Benchmarks.Receiver;
using FibreCafe.Kci;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>
/// A store opened in this process the way a receiver opens it (<c>AddFibreCafeKciReceiver</c> and <c>UseSqliteStore</c> or
/// <c>UsePostgreSqlStore</c>, dispatcher off, nothing started), to time what the dispatcher and the host run against a
/// full store: the claim, the health check, one retention pass.
/// </summary>
internal sealed class StoreProbe : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private StoreProbe(Action<IFibreCafeKciReceiverBuilder> store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        store(services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = ReceiverHost.Username; // required by the options' validation, unused here
            o.Authentication.Basic.Password = ReceiverHost.Password;
            o.Dispatch.Enabled = false;
        }));
        _provider = services.BuildServiceProvider();
        Inbox = _provider.GetRequiredService<IKciInbox>();
    }

    /// <summary>Appended to the PostgreSQL store's connection string when set (a tuning experiment, e.g. <c>;Max Auto Prepare=20</c>).</summary>
    public const string ExtraConnectionOptionsVariable = "FIBRECAFE_BENCH_PG_EXTRA";

    public IKciInbox Inbox { get; }

    public static StoreProbe Sqlite(string path) => new(r => r.UseSqliteStore(path));

    public static StoreProbe Postgres(string connectionString, string schema) => new(r => r.UsePostgreSqlStore(o =>
    {
        o.ConnectionString = connectionString + Environment.GetEnvironmentVariable(ExtraConnectionOptionsVariable);
        o.Schema = schema;
    }));

    /// <summary>Opens the store: creates or migrates its schema, as a receiver's start does.</summary>
    public Task OpenAsync() => Inbox.GetBacklogAsync();

    /// <summary>
    /// <see cref="IKciInbox.GetStatisticsAsync"/>, which counts the done KCIs too (the operations overview; the health
    /// check's query before it asked only for the backlog): the first call, then the median of five.
    /// </summary>
    public async Task<(TimeSpan First, TimeSpan Median)> FullStatisticsAsync()
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            await Inbox.GetStatisticsAsync();
            times.Add(clock.Elapsed);
        }

        var rest = times.Skip(1).Order().ToList();
        return (times[0], rest[rest.Count / 2]);
    }

    /// <summary>The store's health check (<c>fibrecafe-kci-store</c>, the inbox's backlog): the first call, then the median of five.</summary>
    public async Task<(TimeSpan First, TimeSpan Median)> HealthCheckAsync()
    {
        var health = _provider.GetRequiredService<HealthCheckService>();
        var times = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            var report = await health.CheckHealthAsync(r => r.Name == FibreCafeKciServiceCollectionExtensions.HealthCheckName);
            times.Add(clock.Elapsed);
            if (report.Status == HealthStatus.Unhealthy)
            {
                throw new InvalidOperationException($"The store's health check failed: {report.Entries.Values.First().Description}");
            }
        }

        var rest = times.Skip(1).Order().ToList();
        return (times[0], rest[rest.Count / 2]);
    }

    /// <summary>
    /// One retention pass with the default 7 days, as the store's background service runs it every hour. The service is
    /// internal to the store's package; its public <c>CleanupAsync</c> is the pass itself, so it is called by reflection.
    /// </summary>
    public async Task<(TimeSpan Duration, long Deleted)> RetentionPassAsync()
    {
        var retention = _provider.GetServices<IHostedService>().Single(s => s.GetType().Name.EndsWith("KciRetention", StringComparison.Ordinal));
        var cleanup = retention.GetType().GetMethod("CleanupAsync", [typeof(CancellationToken)])
            ?? throw new InvalidOperationException($"{retention.GetType().Name} has no CleanupAsync(CancellationToken) any more.");
        var clock = Stopwatch.StartNew();
        var deleted = await (Task<long>)cleanup.Invoke(retention, [CancellationToken.None])!;
        return (clock.Elapsed, deleted);
    }

    /// <summary>
    /// The dispatcher's claim (<see cref="IKciInbox.ClaimAsync"/> with its default batch and lease), timed alone, then each
    /// claimed KCI completed with its entity state and one new pending KCI added for its entity: the backlog stays at the
    /// seeded size (ten per entity) however many claims are made, and every claim finds a full batch. Completions and
    /// additions of a claim are written together (one or two commits), never while a claim runs.
    /// </summary>
    public async Task<(LatencySummary Latency, long Claimed)> ClaimsAsync(int claims, TimeSpan limit, int pendingPerEntity)
    {
        var dispatch = new KciDispatchOptions();
        var latencies = new List<double>(claims);
        long claimed = 0;
        var clock = Stopwatch.StartNew();
        using var steps = ClaimSteps.StartIfAsked();
        while (latencies.Count < claims && clock.Elapsed < limit)
        {
            steps?.BeginClaim();
            var start = Stopwatch.GetTimestamp();
            var batch = await Inbox.ClaimAsync(dispatch.BatchSize, dispatch.LeaseDuration);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            steps?.EndClaim(latencies[^1]);
            if (batch.Count == 0)
            {
                throw new InvalidOperationException("A claim found nothing due: the seeded backlog is gone.");
            }

            claimed += batch.Count;
            var now = DateTimeOffset.UtcNow;
            await Task.WhenAll(batch.Select(e => (Task)Inbox.CompleteAsync(e, new KciEntityState(e.EntityKey, e.SequenceNumber, e.KciId, "ACKNOWLEDGED", now)))
                .Concat(batch.Select(e => (Task)Inbox.AddAsync(Next(e, pendingPerEntity, now)))));
        }

        if (steps is not null)
        {
            Console.Write(steps.Describe());
        }

        return (LatencySummary.Of(latencies), claimed);
    }

    /// <summary>Bytes of the SQLite file and its WAL.</summary>
    public static long SqliteBytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>Bytes of the inbox table (with its indexes and TOAST) and of every table of the schema.</summary>
    public static async Task<(long Inbox, long Schema)> PostgresBytesAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT pg_total_relation_size(format('%I.kci_inbox', @schema)::regclass),
                   (SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = @schema AND c.relkind = 'r');
            """, connection);
        command.Parameters.AddWithValue("schema", schema);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private static KciInboxEntry Next(KciInboxEntry head, int pendingPerEntity, DateTimeOffset now) => new()
    {
        KciId = Guid.NewGuid(),
        EntityKey = head.EntityKey,
        SequenceNumber = head.SequenceNumber + pendingPerEntity,
        EntityType = head.EntityType,
        UpdateType = head.UpdateType,
        Supplier = head.Supplier,
        DeliveredOn = now,
        ReceivedAt = now,
        Body = InboxSeeder.Body,
    };
}
