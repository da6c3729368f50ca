using FibreCafe.Kci;
using FibreCafe.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>A file written by an earlier version of the store opens with its data; one from a later version is refused.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    // The entity state table as schema version 1 created it (a rowid table with an index on its key).
    private const string Version1EntityState = """
        CREATE TABLE kci_entity_state (
            entity_key        TEXT    PRIMARY KEY,
            sequence_number   INTEGER NOT NULL,
            kci_id            TEXT    NOT NULL,
            status            TEXT,
            updated_at        INTEGER NOT NULL
        );
        INSERT INTO kci_entity_state VALUES ('PROVIDE_ORDER:12345', 7, 'd394b30d-944e-49b5-a2f6-da5824d0b31b', 'ACKNOWLEDGED', 1712836800000);
        PRAGMA user_version = 1;
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-schema-");

    private string DatabasePath => Path.Combine(_folder.FullName, "kci.db");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task A_version_1_file_is_migrated_in_place_and_keeps_its_entity_states()
    {
        await ExecuteAsync(Version1EntityState);
        await using var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath }));
        var inbox = new SqliteKciInbox(database, TimeProvider.System);

        var state = await inbox.GetEntityStateAsync("PROVIDE_ORDER:12345");

        Assert.Equal(new KciEntityState("PROVIDE_ORDER:12345", 7, Guid.Parse("d394b30d-944e-49b5-a2f6-da5824d0b31b"), "ACKNOWLEDGED", DateTimeOffset.FromUnixTimeMilliseconds(1712836800000)), state);
        Assert.Equal(SqliteSchema.Version, Convert.ToInt32(await ScalarAsync("PRAGMA user_version;")));
        Assert.Contains("WITHOUT ROWID", (string)(await ScalarAsync("SELECT sql FROM sqlite_master WHERE name = 'kci_entity_state';"))!, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'kci_entity_state_v2';"));
    }

    [Fact]
    public async Task A_file_of_a_newer_schema_is_refused_naming_both_versions_and_left_as_it_was()
    {
        await ExecuteAsync("CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;");
        await using var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.EnsureInitializedAsync(CancellationToken.None));

        Assert.Contains($"schema version 99, newer than this library's ({SqliteSchema.Version})", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'kci_inbox';"));
        Assert.Equal(99L, await ScalarAsync("PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_new_file_records_each_script_in_the_version_table_and_the_latest_in_user_version()
    {
        await using (var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath })))
        {
            await database.EnsureInitializedAsync(CancellationToken.None);
        }

        Assert.Equal("1:001_initial 2:002_entity_state_without_rowid 3:003_cancellation_requests 4:004_request_metadata 5:005_notifications 6:006_inbox_operations", await ScalarAsync("SELECT group_concat(version || ':' || name, ' ') FROM (SELECT * FROM kci_schema_version ORDER BY version);"));
        Assert.Equal((long)SqliteSchema.Version, await ScalarAsync("PRAGMA user_version;"));
        Assert.Contains("WITHOUT ROWID", (string)(await ScalarAsync("SELECT sql FROM sqlite_master WHERE name = 'kci_entity_state';"))!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_2_file_from_before_the_version_table_is_adopted_without_running_its_scripts_again()
    {
        await using (var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath })))
        {
            await database.EnsureInitializedAsync(CancellationToken.None);
        }

        // What a file of the store before kci_schema_version looks like: the same tables, the version in user_version.
        await ExecuteAsync("DROP TABLE kci_schema_version; DROP TABLE cancellation_request_history; DROP TABLE cancellation_requests; DROP TABLE event_subscriptions; DROP TABLE outbound_notifications; DROP TABLE notification_checkpoints; DROP INDEX ix_kci_inbox_received; DROP INDEX ix_kci_inbox_entity; ALTER TABLE kci_inbox DROP COLUMN produced_events; PRAGMA user_version = 2; INSERT INTO kci_entity_state VALUES ('PROVIDE_ORDER:1', 3, 'd394b30d-944e-49b5-a2f6-da5824d0b31b', 'ACKNOWLEDGED', 1712836800000);");
        await using (var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath })))
        {
            var state = await new SqliteKciInbox(database, TimeProvider.System).GetEntityStateAsync("PROVIDE_ORDER:1");
            Assert.Equal(3, state!.SequenceNumber);
        }

        // Script 2 is recorded as adopted, not run: running it would have rebuilt the table under the same name. Scripts 3 to 6 are newer than the file: they run.
        Assert.Equal("1:001_initial 2:002_entity_state_without_rowid (adopted) 3:003_cancellation_requests 4:004_request_metadata 5:005_notifications 6:006_inbox_operations", await ScalarAsync("SELECT group_concat(version || ':' || name, ' ') FROM (SELECT * FROM kci_schema_version ORDER BY version);"));
    }

    [Fact]
    public async Task A_version_5_file_gains_the_produced_events_and_the_inbox_indexes_and_keeps_its_entries()
    {
        var entry = new KciInboxEntry
        {
            KciId = Guid.NewGuid(),
            EntityKey = "PROVIDE_ORDER:1",
            SequenceNumber = 1,
            EntityType = KciEntityType.ProvideOrder,
            UpdateType = KciUpdateType.Informational,
            Supplier = "FIBRECO",
            DeliveredOn = DateTimeOffset.FromUnixTimeMilliseconds(1712836800000),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1712836800000),
            Body = "{}"u8.ToArray(),
        };
        await using (var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath })))
        {
            await new SqliteKciInbox(database, TimeProvider.System).AddAsync(entry);
        }

        // The file as version 5 left it: no produced_events, no indexes of script 6.
        await ExecuteAsync("DROP INDEX ix_kci_inbox_received; DROP INDEX ix_kci_inbox_entity; ALTER TABLE kci_inbox DROP COLUMN produced_events; DELETE FROM kci_schema_version WHERE version = 6; PRAGMA user_version = 5;");
        await using (var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath })))
        {
            var page = await new SqliteKciInbox(database, TimeProvider.System).SearchAsync(new KciInboxQuery { EntityId = "1" });
            Assert.Equal((entry.KciId, 0), (Assert.Single(page.Items).KciId, page.Items[0].ProducedEvents.Count));
        }

        Assert.Equal("6:006_inbox_operations", await ScalarAsync("SELECT version || ':' || name FROM kci_schema_version WHERE version = 6;"));
        Assert.Equal(2L, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('ix_kci_inbox_received', 'ix_kci_inbox_entity');"));
        Assert.Equal(6L, await ScalarAsync("PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_file_whose_version_table_records_a_newer_version_is_refused_and_left_as_it_was()
    {
        await using (var database = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath })))
        {
            await database.EnsureInitializedAsync(CancellationToken.None);
        }

        await ExecuteAsync("INSERT INTO kci_schema_version (version, name) VALUES (99, '099_from_the_future');");
        await using var newer = new SqliteKciDatabase(Options.Create(new SqliteKciStoreOptions { Path = DatabasePath }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.EnsureInitializedAsync(CancellationToken.None));

        Assert.Contains($"schema version 99, newer than this library's ({SqliteSchema.Version}); update FibreCafe.Storage.Sqlite", error.Message, StringComparison.Ordinal);
        Assert.Equal(99L, await ScalarAsync("SELECT MAX(version) FROM kci_schema_version;"));
    }

    private async Task ExecuteAsync(string sql) => await ScalarAsync(sql);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
