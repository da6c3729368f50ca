using System.Globalization;
using FibreCafe.TestSupport;
using FibreCafe.Benchmarks.Receiver;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>One fresh store of one growth point: a SQLite file in a temporary folder, or a PostgreSQL schema of its own.</summary>
internal abstract class GrowthTarget : IAsyncDisposable
{
    public abstract string Store { get; }

    /// <summary>Gets the receiver host's arguments for this store (<c>serve-receiver</c>).</summary>
    public abstract string[] HostArguments { get; }

    /// <summary>Gets the receiver host's environment for this store, beside Server GC.</summary>
    public virtual IReadOnlyDictionary<string, string> HostEnvironment => new Dictionary<string, string>();

    public abstract StoreProbe Probe();

    public abstract Task<InboxSeeder.Result> SeedAsync(long done, int pending, int entities, DateTimeOffset now);

    /// <summary>Gets the size on disk, described.</summary>
    public abstract Task<(long Bytes, string Text)> SizeAsync();

    /// <summary>Runs one statement on the store's tables (no parameters), returning its scalar.</summary>
    public abstract Task<long> ScalarAsync(string sql);

    public abstract ValueTask DisposeAsync();

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:N0} MB");

    /// <summary>A SQLite file in a temporary folder, removed with the folder.</summary>
    internal sealed class Sqlite : GrowthTarget
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-growth-");

        private string Path => System.IO.Path.Combine(_folder.FullName, "kci.db");

        public override string Store => "SQLite";

        public override string[] HostArguments => ["--store", "sqlite", "--db", Path, "--no-dispatch"];

        public override StoreProbe Probe() => StoreProbe.Sqlite(Path);

        public override Task<InboxSeeder.Result> SeedAsync(long done, int pending, int entities, DateTimeOffset now) =>
            InboxSeeder.SeedSqliteAsync(Path, done, pending, entities, now);

        public override Task<(long, string)> SizeAsync()
        {
            var bytes = StoreProbe.SqliteBytes(Path);
            return Task.FromResult((bytes, $"{Mb(bytes)} (file + WAL)"));
        }

        public override async Task<long> ScalarAsync(string sql)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 120 }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            _folder.Delete(recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A schema of its own in the durable server, dropped at the end (3,000,000 KCIs are some 4 GB).</summary>
    internal sealed class Postgres(PostgresServer server, long size) : GrowthTarget
    {
        private readonly string _schema = string.Create(CultureInfo.InvariantCulture, $"growth_{size}");

        public override string Store => "PostgreSQL";

        public override string[] HostArguments => ["--store", "postgresql", "--schema", _schema, "--no-dispatch"];

        public override IReadOnlyDictionary<string, string> HostEnvironment =>
            new Dictionary<string, string> { [ReceiverHost.PostgresConnectionVariable] = server.ConnectionString };

        public override StoreProbe Probe() => StoreProbe.Postgres(server.ConnectionString, _schema);

        public override Task<InboxSeeder.Result> SeedAsync(long done, int pending, int entities, DateTimeOffset now) =>
            InboxSeeder.SeedPostgresAsync(server.ConnectionString, _schema, server.DataDirectory, done, pending, entities, now);

        public override async Task<(long, string)> SizeAsync()
        {
            var (inbox, schema) = await StoreProbe.PostgresBytesAsync(server.ConnectionString, _schema);
            return (schema, $"{Mb(inbox)} kci_inbox with indexes, {Mb(schema)} all tables");
        }

        public override async Task<long> ScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { SearchPath = _schema, Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// The plan, with times, of the claim's first step (the store's own SQL, read from its assembly), as the
        /// dispatcher runs it: a diagnostic printed when <c>FIBRECAFE_BENCH_EXPLAIN=1</c>.
        /// </summary>
        public async Task<string> ExplainClaimAsync()
        {
            var sql = typeof(FibreCafe.Storage.PostgreSql.PostgreSqlKciStoreOptions).Assembly.GetType("FibreCafe.Storage.PostgreSql.PostgreSqlSql", throwOnError: true)!
                .GetField("Inbox")!.GetValue(null)!;
            var claim = (string)sql.GetType().GetProperty("ClaimHeads")!.GetValue(sql)!;
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { SearchPath = _schema, Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + claim, connection);
            command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
            command.Parameters.AddWithValue("max", 32);
            var plan = new System.Text.StringBuilder();
            await ReadPlanAsync(command, plan);

            // Step 2, the lease, for 32 due heads, rolled back.
            var lease = (string)sql.GetType().GetProperty("Lease")!.GetValue(sql)!;
            await using var transaction = await connection.BeginTransactionAsync();
            var positions = new List<long>();
            await using (var heads = new NpgsqlCommand(
                "SELECT DISTINCT ON (entity_key) position FROM kci_inbox WHERE status = 0 ORDER BY entity_key, sequence_number, position LIMIT 32;", connection, transaction))
            await using (var reader = await heads.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    positions.Add(reader.GetInt64(0));
                }
            }

            await using var step2 = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + lease, connection, transaction);
            step2.Parameters.AddWithValue("positions", positions.ToArray());
            step2.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
            step2.Parameters.AddWithValue("until", DateTimeOffset.UtcNow.AddMinutes(5));
            await ReadPlanAsync(step2, plan);
            await transaction.RollbackAsync();
            return plan.ToString();
        }

        private static async Task ReadPlanAsync(NpgsqlCommand command, System.Text.StringBuilder plan)
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ScalarAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE;");
        }
    }
}
