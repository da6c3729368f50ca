using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>
/// Writes a full store straight into the store's own tables, after the store has created them (open it the normal way
/// first), in one statement per table generated inside the database: SQLite by a recursive CTE, PostgreSQL by
/// <c>generate_series</c>. So a point of the growth figures takes seconds, not the hours the receiver would need.
/// <list type="bullet">
/// <item>done KCIs: status done, in arrival order, received over the last 7 days (the default retention) and completed
/// 200 ms later; the oldest 1 % were received 7 to 8 days ago, so the retention pass has a bounded slice to delete,
/// at the front, where a retention running every hour leaves it; ten KCIs per entity, each entity with its state row
/// (and, PostgreSQL, its <c>kci_entity</c> row, which claims lock);</item>
/// <item>pending KCIs: 10,000 over 1,000 entities (ten each, sequence 1 to 10, interleaved as they would arrive), due now.</item>
/// </list>
/// Every row has the same body, a real KCI (<see cref="Body"/>), and random UUIDs as the supplier's and the gateway's ids.
/// </summary>
internal static class InboxSeeder
{
    /// <summary>The share of done KCIs past the 7-day retention, deleted by the first retention pass.</summary>
    public const double OldShare = 0.01;

    public const int KcisPerDoneEntity = 10;

    /// <summary>contracts/examples/kcis/order-cancellation-pending.json, byte for byte but its final newline (856 bytes).</summary>
    public static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        {
          "id": "0b7e6c55-3a1f-4d2e-8f90-6a4b3c2d1e03",
          "supplier": "FIBRECO",
          "sequenceNumber": 3,
          "issuedOn": "2024-04-11T08:15:00.000Z",
          "receivedOn": "2024-04-11T08:15:01.000Z",
          "deliveredOn": "2024-04-11T08:15:02.250Z",
          "updateType": "INFORMATIONAL",
          "entityType": "PROVIDE_ORDER",
          "entity": {
            "orderType": "NEW",
            "id": 12345,
            "status": "PENDING_CANCELLATION",
            "supplier": "FIBRECO",
            "created": "2024-04-10T09:53:11.745Z",
            "updated": "2024-04-11T08:15:01.500Z",
            "serviceOrderCancellation": {
              "id": 234,
              "supplierReference": "A123X-1",
              "status": "PENDING",
              "supplier": "FIBRECO",
              "orderId": 12345,
              "reasonCode": "CUSTOMER_CHANGED_MIND",
              "text": "Delivery too long"
            }
          },
          "information": { "type": "UPDATE", "text": "The supplier is considering the cancellation." }
        }
        """);

    private const long DoneEntityBase = 200_000_000_000L;
    private const long PendingEntityBase = 300_000_000_000L;
    private const string Events = """["ServiceOrderStatusChanged"]""";

    /// <summary>Where the seeding's time went.</summary>
    public sealed record Result(TimeSpan Rows, TimeSpan Finish, TimeSpan Sync, long OldRows)
    {
        public TimeSpan Total => Rows + Finish + Sync;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Total.TotalSeconds:0.0} s (rows {Rows.TotalSeconds:0.0} s, {FinishName} {Finish.TotalSeconds:0.0} s, sync {Sync.TotalSeconds:0.0} s)");

        public string FinishName { get; init; } = "finish";
    }

    /// <summary>The receive times of the done rows, as two linear ramps: the old slice, then the last 7 days.</summary>
    private sealed record Timeline(long Old, DateTimeOffset OldStart, double OldStepMs, DateTimeOffset NewStart, double NewStepMs, DateTimeOffset PendingStart)
    {
        public static Timeline For(long done, DateTimeOffset now)
        {
            var old = (long)Math.Round(done * OldShare);
            var oldStart = now - TimeSpan.FromDays(8);
            var newStart = now - TimeSpan.FromDays(7) + TimeSpan.FromHours(1); // an hour's margin: none of these is past retention
            var newEnd = now - TimeSpan.FromMinutes(2);
            return new Timeline(
                old,
                oldStart,
                old == 0 ? 0 : (TimeSpan.FromDays(1) - TimeSpan.FromHours(1)).TotalMilliseconds / old,
                newStart,
                done - old == 0 ? 0 : (newEnd - newStart).TotalMilliseconds / (done - old),
                now - TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>
    /// Seeds the SQLite file of a store that was opened and closed (schema made, no connection left). The journal is off
    /// while seeding (one transaction; a crash would only lose the benchmark's file), and WAL is set back at the end, as
    /// the store keeps it; the file is then synced so that the seed's dirty pages are not written during the measurement.
    /// </summary>
    public static async Task<Result> SeedSqliteAsync(string path, long done, int pending, int entities, DateTimeOffset now)
    {
        var t = Timeline.For(done, now);
        var clock = Stopwatch.StartNew();
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 600 }.ToString()))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode = DELETE; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY;");
            await using var transaction = connection.BeginTransaction();

            // Text UUIDs from random bytes, each group drawn on its own: an expression reused in a flattened subquery
            // would be evaluated again, so one draw could not be cut into the five groups.
            const string Uuid = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))";
            await ExecuteAsync(connection, $"""
                WITH RECURSIVE n(i) AS (SELECT 0 WHERE @done > 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @done),
                r(i, at) AS (SELECT i, CAST(CASE WHEN i < @old THEN @oldStart + i * @oldStep ELSE @newStart + (i - @old) * @newStep END AS INTEGER) FROM n)
                INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                                       request_id, conversation_id, body, status, attempts, next_attempt_at, completed_at, produced_events)
                SELECT {Uuid}, 'PROVIDE_ORDER:' || ({DoneEntityBase} + i / {KcisPerDoneEntity}), i % {KcisPerDoneEntity} + 1, 'PROVIDE_ORDER', 'INFORMATIONAL', 'FIBRECO',
                       at - 1000, at, {Uuid}, 'bench-conversation', @body, 1, 0, NULL, at + 200, @events
                FROM r;
                """, transaction,
                ("@done", done), ("@old", t.Old), ("@oldStart", t.OldStart.ToUnixTimeMilliseconds()), ("@oldStep", t.OldStepMs),
                ("@newStart", t.NewStart.ToUnixTimeMilliseconds()), ("@newStep", t.NewStepMs), ("@body", Body), ("@events", Events));
            await ExecuteAsync(connection, $"""
                WITH RECURSIVE n(e) AS (SELECT 0 WHERE @entities > 0 UNION ALL SELECT e + 1 FROM n WHERE e + 1 < @entities)
                INSERT INTO kci_entity_state (entity_key, sequence_number, kci_id, status, updated_at)
                SELECT 'PROVIDE_ORDER:' || ({DoneEntityBase} + e), {KcisPerDoneEntity}, {Uuid}, 'PENDING_CANCELLATION', @at FROM n;
                """, transaction, ("@entities", (done + KcisPerDoneEntity - 1) / KcisPerDoneEntity), ("@at", (now - TimeSpan.FromMinutes(2)).ToUnixTimeMilliseconds()));
            await ExecuteAsync(connection, $"""
                WITH RECURSIVE n(j) AS (SELECT 0 WHERE @pending > 0 UNION ALL SELECT j + 1 FROM n WHERE j + 1 < @pending)
                INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                                       request_id, conversation_id, body, status, attempts, next_attempt_at)
                SELECT {Uuid}, 'PROVIDE_ORDER:' || ({PendingEntityBase} + j % @entities), j / @entities + 1, 'PROVIDE_ORDER', 'INFORMATIONAL', 'FIBRECO',
                       @start + j - 1000, @start + j, {Uuid}, 'bench-conversation', @body, 0, 0, @start + j
                FROM n;
                """, transaction, ("@pending", pending), ("@entities", entities), ("@start", t.PendingStart.ToUnixTimeMilliseconds()), ("@body", Body));
            await transaction.CommitAsync();
            var rows = clock.Elapsed;
            clock.Restart();
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;");
            var finish = clock.Elapsed;
            clock.Restart();
            await SyncAsync(path);
            return new Result(rows, finish, clock.Elapsed, t.Old) { FinishName = "back to WAL" };
        }
    }

    /// <summary>
    /// Seeds the PostgreSQL schema of a store that created it, as the store's role, then runs <c>VACUUM ANALYZE</c> on the
    /// tables, as autovacuum would soon after such an insert (PostgreSQL 13 and later vacuum insert-only tables too), and
    /// a checkpoint with a sync, so that neither happens during the measurement.
    /// </summary>
    public static async Task<Result> SeedPostgresAsync(string connectionString, string schema, string dataDirectory, long done, int pending, int entities, DateTimeOffset now)
    {
        var t = Timeline.For(done, now);
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, Pooling = false }.ConnectionString);
        await connection.OpenAsync();

        // Seeding only: the one commit does not wait for the disk (the checkpoint below syncs it all), and index pages get room.
        await ExecuteAsync(connection, "SET synchronous_commit = off; SET maintenance_work_mem = '256MB';");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var rebuild = await DropInboxIndexesAsync(connection, transaction);
            await ExecuteAsync(connection, $"""
                INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                                       request_id, conversation_id, body, status, attempts, next_attempt_at, completed_at, produced_events)
                SELECT gen_random_uuid(), 'PROVIDE_ORDER:' || ({DoneEntityBase} + i / {KcisPerDoneEntity}), i % {KcisPerDoneEntity} + 1, 'PROVIDE_ORDER', 'INFORMATIONAL', 'FIBRECO',
                       at - interval '1 second', at, gen_random_uuid()::text, 'bench-conversation', @body, 1, 0, NULL, at + interval '200 milliseconds', @events
                FROM (SELECT i, CASE WHEN i < @old THEN @oldStart + i * @oldStep ELSE @newStart + (i - @old) * @newStep END AS at
                      FROM generate_series(0::bigint, @done - 1) AS i) AS r
                ORDER BY i;
                """, transaction,
                ("@done", done), ("@old", t.Old), ("@oldStart", t.OldStart.ToUniversalTime()), ("@oldStep", TimeSpan.FromMilliseconds(t.OldStepMs)),
                ("@newStart", t.NewStart.ToUniversalTime()), ("@newStep", TimeSpan.FromMilliseconds(t.NewStepMs)), ("@body", Body), ("@events", Events));
            var doneEntities = (done + KcisPerDoneEntity - 1) / KcisPerDoneEntity;
            await ExecuteAsync(connection, $"""
                INSERT INTO kci_entity (entity_key)
                SELECT 'PROVIDE_ORDER:' || ({DoneEntityBase} + e) FROM generate_series(0::bigint, @doneEntities - 1) AS e
                UNION ALL SELECT 'PROVIDE_ORDER:' || ({PendingEntityBase} + e) FROM generate_series(0::bigint, @entities - 1) AS e;
                INSERT INTO kci_entity_state (entity_key, sequence_number, kci_id, status, updated_at)
                SELECT 'PROVIDE_ORDER:' || ({DoneEntityBase} + e), {KcisPerDoneEntity}, gen_random_uuid(), 'PENDING_CANCELLATION', @at
                FROM generate_series(0::bigint, @doneEntities - 1) AS e;
                INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                                       request_id, conversation_id, body, status, attempts, next_attempt_at)
                SELECT gen_random_uuid(), 'PROVIDE_ORDER:' || ({PendingEntityBase} + j % @entities), j / @entities + 1, 'PROVIDE_ORDER', 'INFORMATIONAL', 'FIBRECO',
                       @start + j * interval '1 millisecond' - interval '1 second', @start + j * interval '1 millisecond', gen_random_uuid()::text,
                       'bench-conversation', @body, 0, 0, @start + j * interval '1 millisecond'
                FROM generate_series(0::bigint, @pending - 1) AS j ORDER BY j;
                """, transaction,
                ("@doneEntities", doneEntities), ("@entities", (long)entities), ("@pending", (long)pending), ("@at", (now - TimeSpan.FromMinutes(2)).ToUniversalTime()),
                ("@start", t.PendingStart.ToUniversalTime()), ("@body", Body));
            foreach (var statement in rebuild)
            {
                await ExecuteAsync(connection, statement, transaction);
            }

            await transaction.CommitAsync();
        }

        var rows = clock.Elapsed;
        clock.Restart();
        foreach (var table in new[] { "kci_inbox", "kci_entity", "kci_entity_state" })
        {
            await ExecuteAsync(connection, $"VACUUM (ANALYZE) {table};"); // one statement each: VACUUM refuses a transaction, even a batch's implicit one
        }

        var vacuum = clock.Elapsed;
        clock.Restart();
        await SyncAsync(dataDirectory); // the server's checkpoint needs a superuser; a sync of the file system writes the same pages
        return new Result(rows, vacuum, clock.Elapsed, t.Old) { FinishName = "VACUUM ANALYZE" };
    }

    /// <summary>
    /// Drops the inbox's indexes but its primary key (the unique KCI id's constraint too) and returns the statements that
    /// make them again, from the catalog, so they are the store's own: built once after the rows, sorted, instead of one
    /// random insert per row each (measured on the shared 2-core machine: 36 µs per row with them in place, 100,000 rows;
    /// 26 µs rebuilt, 300,000 rows). Built indexes are compact, as after a REINDEX; grown ones are somewhat larger.
    /// </summary>
    private static async Task<List<string>> DropInboxIndexesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var drop = new List<string>();
        var make = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT format('ALTER TABLE kci_inbox DROP CONSTRAINT %I;', k.conname), format('ALTER TABLE kci_inbox ADD CONSTRAINT %I %s;', k.conname, pg_get_constraintdef(k.oid))
            FROM pg_constraint k WHERE k.conrelid = 'kci_inbox'::regclass AND k.contype = 'u'
            UNION ALL
            SELECT format('DROP INDEX %s;', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid) || ';'
            FROM pg_index i WHERE i.indrelid = 'kci_inbox'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid);
            """, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                drop.Add(reader.GetString(0));
                make.Add(reader.GetString(1));
            }
        }

        foreach (var statement in drop)
        {
            await ExecuteAsync(connection, statement, transaction);
        }

        return make;
    }

    // sync -f: the file system of the path, so that the seed's dirty pages are on disk before anything is measured.
    private static async Task SyncAsync(string path)
    {
        using var sync = Process.Start(new ProcessStartInfo("sync", ["-f", path]) { UseShellExecute = false })!;
        await sync.WaitForExitAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
