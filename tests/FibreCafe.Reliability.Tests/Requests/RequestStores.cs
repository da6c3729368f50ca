using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Testing;
using FibreCafe.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FibreCafe.Reliability.Tests.Requests;

/// <summary>
/// One store of durable requests, SQLite or PostgreSQL, as the reliability tests use it: seeded from the test process
/// (a host that submits and does not process), and read with plain SQL while a child process owns it.
/// </summary>
internal abstract class RequestStore
{
    public abstract IReadOnlyDictionary<string, string?> Environment { get; }

    public static RequestStore Sqlite(DirectoryInfo folder) => new SqliteRequestStore(Path.Combine(folder.FullName, "kci.db"));

    public static RequestStore PostgreSql(PostgresFixture postgres) => new PostgreSqlRequestStore(postgres.ConnectionString, PostgresFixture.NewSchema());

    /// <summary>Submits one due order cancellation per target, in order, then releases the store.</summary>
    public async Task SeedAsync(FibreCafeSandbox sandbox, IEnumerable<long> orderIds)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        Configure(services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = "seed";
            o.Authentication.Basic.Password = "seeding-only-password";
        }));
        services.AddFibreCafeClient(sandbox.ConfigureClient);
        services.AddFibreCafeCancellationRequests(o => o.ProcessingEnabled = false);
        await using var provider = services.BuildServiceProvider();
        var requests = provider.GetRequiredService<ICancellationRequests>();
        foreach (var orderId in orderIds)
        {
            await requests.SubmitAsync(CancellationSubmission.ForOrder(new ServiceOrderCancellationRequest { OrderId = orderId, ReasonCode = "OTHER" }));
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>Every request as stored: number, order, state, cancellation id, park reason.</summary>
    public abstract Task<IReadOnlyList<StoredRequest>> ReadAsync();

    public abstract void Configure(IFibreCafeKciReceiverBuilder receiver);

    private sealed class SqliteRequestStore(string path) : RequestStore
    {
        public override IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["FibreCafe__Kci__Store__Path"] = path };

        public override void Configure(IFibreCafeKciReceiverBuilder receiver) => receiver.UseSqliteStore(path);

        // Read only, on a connection of its own: opening the store itself would end the running process's leases.
        public override async Task<IReadOnlyList<StoredRequest>> ReadAsync()
        {
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = StoredRequest.Select;
            return await StoredRequest.ReadAllAsync(command);
        }
    }

    private sealed class PostgreSqlRequestStore(string connectionString, string schema) : RequestStore
    {
        public override IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
        {
            ["FibreCafe__Kci__Store__ConnectionString"] = connectionString,
            ["FibreCafe__Kci__Store__Schema"] = schema,
        };

        public override void Configure(IFibreCafeKciReceiverBuilder receiver) => receiver.UsePostgreSqlStore(o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
        });

        public override async Task<IReadOnlyList<StoredRequest>> ReadAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(StoredRequest.Select.Replace("FROM cancellation_requests", $"FROM \"{schema}\".cancellation_requests", StringComparison.Ordinal), connection);
            return await StoredRequest.ReadAllAsync(command);
        }
    }
}

internal sealed record StoredRequest(long Number, long OrderId, CancellationRequestState State, long? CancellationId, CancellationRequestParkReason? ParkReason, int Attempts)
{
    public const string Select = "SELECT number, target_id, state, cancellation_id, park_reason, attempts FROM cancellation_requests ORDER BY number;";

    public static async Task<IReadOnlyList<StoredRequest>> ReadAllAsync(System.Data.Common.DbCommand command)
    {
        var rows = new List<StoredRequest>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRequest(
                Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                (CancellationRequestState)Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(3) ? null : Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(4) ? null : (CancellationRequestParkReason)Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
