using FibreCafe.Kci.Tests.Infrastructure;
using FibreCafe.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Tests.DependencyInjection;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<List<string>> QueryAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }

        return rows;
    }

    [Fact]
    public async Task The_schema_is_created_in_wal_mode_when_the_host_starts_at_the_configured_path()
    {
        var path = Path.Combine(_folder.Path, "nested", "kci.db");
        await using var host = await StartAsync(
            s => s["FibreCafe:Kci:Store:Path"] = path,
            (_, receiver) => receiver.UseSqliteStore());

        Assert.True(File.Exists(path));
        Assert.Equal(["wal"], await QueryAsync(path, "PRAGMA journal_mode;"));
        Assert.Equal(
            ["cancellation_ledger", "cancellation_request_history", "cancellation_requests", "event_subscriptions", "kci_entity_state", "kci_inbox", "kci_schema_version", "notification_checkpoints", "outbound_notifications"],
            await QueryAsync(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;"));
        Assert.IsType<SqliteKciInbox>(host.Inbox);
        Assert.IsType<FibreCafe.Storage.Shared.RelationalCancellationLedger>(host.Ledger);
    }

    [Fact]
    public async Task A_path_in_code_wins_over_the_configured_one()
    {
        var configured = _folder.File("configured.db");
        var inCode = _folder.File("in-code.db");
        await using var host = await StartAsync(
            s => s["FibreCafe:Kci:Store:Path"] = configured,
            (_, receiver) => receiver.UseSqliteStore(inCode));

        Assert.True(File.Exists(inCode));
        Assert.False(File.Exists(configured));
    }

    [Fact]
    public async Task The_path_is_a_sqlite_store_option_that_the_host_may_configure_like_any_other()
    {
        var configured = _folder.File("configured.db");
        var inCode = _folder.File("in-code.db");
        await using var host = await StartAsync(
            s => s["FibreCafe:Kci:Store:Path"] = configured,
            (services, receiver) =>
            {
                receiver.UseSqliteStore();
                services.Configure<SqliteKciStoreOptions>(o => o.Path = inCode);
            });

        Assert.True(File.Exists(inCode));
        Assert.False(File.Exists(configured));
    }

    [Fact]
    public async Task Without_a_path_the_start_fails_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services: (_, receiver) => receiver.UseSqliteStore()));

        Assert.Contains("FibreCafe:Kci:Store:Path is required by UseSqliteStore() (or pass the path).", error.Failures);
    }

    [Fact]
    public async Task The_retention_is_configured_from_the_store_section()
    {
        await using var host = await StartAsync(
            s =>
            {
                s["FibreCafe:Kci:Store:Path"] = _folder.File("kci.db");
                s["FibreCafe:Kci:Store:DoneRetention"] = "3.00:00:00";
                s["FibreCafe:Kci:Store:EntityStateRetention"] = "-00:00:00.001";
                s["FibreCafe:Kci:Store:CleanupInterval"] = "00:00:00";
            },
            (_, receiver) => receiver.UseSqliteStore());

        var options = host.Services.GetRequiredService<IOptions<SqliteKciStoreOptions>>().Value;

        Assert.Equal((TimeSpan.FromDays(3), Timeout.InfiniteTimeSpan, TimeSpan.Zero), (options.DoneRetention, options.EntityStateRetention, options.CleanupInterval));
        Assert.Single(host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SqliteKciRetention>());
        Assert.Equal("SqliteKciStoreOptions { Path = " + options.Path + ", DoneRetention = 3.00:00:00, EntityStateRetention = -00:00:00.0010000, CleanupInterval = 00:00:00 }", options.ToString());
    }

    [Theory]
    [InlineData("00:10:00", "01:00:00", "FibreCafe:Kci:Store:DoneRetention must be at least 01:00:00 (was 00:10:00).")]
    [InlineData("7.00:00:00", "00:00:05", "FibreCafe:Kci:Store:CleanupInterval must be 00:00:00 (off) or from 00:01:00 to 1.00:00:00 (was 00:00:05).")]
    [InlineData("7.00:00:00", "2.00:00:00", "FibreCafe:Kci:Store:CleanupInterval must be 00:00:00 (off) or from 00:01:00 to 1.00:00:00 (was 2.00:00:00).")]
    [InlineData("7.00:00:00", "01:00:00", "FibreCafe:Kci:Store:BusyTimeout must be from 00:00:00 to 01:00:00 (was 30.00:00:00).", "30")]
    [InlineData("7.00:00:00", "01:00:00", "FibreCafe:Kci:Store:BusyTimeout must be from 00:00:00 to 01:00:00 (was -00:00:01).", "-00:00:01")]
    [InlineData(
        "30.00:00:00", "01:00:00",
        "FibreCafe:Kci:Store:EntityStateRetention must be at least DoneRetention (30.00:00:00), or -00:00:00.001 (Timeout.InfiniteTimeSpan) to keep entity states for good (was 7.00:00:00).",
        "00:00:30", "7.00:00:00")]
    [InlineData(
        "7.00:00:00", "01:00:00",
        "FibreCafe:Kci:Store:EntityStateRetention must be at least DoneRetention (7.00:00:00), or -00:00:00.001 (Timeout.InfiniteTimeSpan) to keep entity states for good (was -00:00:01).",
        "00:00:30", "-00:00:01")]
    public async Task A_store_option_out_of_range_stops_the_start_naming_the_key(
        string retention, string interval, string expected, string busyTimeout = "00:00:30", string entityStates = "400.00:00:00")
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(
            s =>
            {
                s["FibreCafe:Kci:Store:Path"] = _folder.File("kci.db");
                s["FibreCafe:Kci:Store:DoneRetention"] = retention;
                s["FibreCafe:Kci:Store:CleanupInterval"] = interval;
                s["FibreCafe:Kci:Store:BusyTimeout"] = busyTimeout;
                s["FibreCafe:Kci:Store:EntityStateRetention"] = entityStates;
            },
            (_, receiver) => receiver.UseSqliteStore()));

        Assert.Equal([expected], error.Failures);
    }

    [Fact]
    public async Task An_acknowledged_kci_is_in_the_file_with_its_raw_body()
    {
        var path = _folder.File("kci.db");
        var kci = TestKcis.Order();
        await using (var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false", sqlitePath: path))
        {
            using var response = await host.PostAsync(kci.ToJsonString());
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal([kci.ToJsonString()], await QueryAsync(path, $"SELECT CAST(body AS TEXT) FROM kci_inbox WHERE kci_id = '{TestKcis.IdOf(kci):D}';"));
    }

    [Fact]
    public async Task Two_stores_on_one_file_agree_and_initialization_is_idempotent()
    {
        var path = _folder.File("kci.db");
        using var first = SqliteTestStore.Database(path);
        using var second = SqliteTestStore.Database(path);
        await first.EnsureInitializedAsync(CancellationToken.None);
        await second.EnsureInitializedAsync(CancellationToken.None);

        Assert.Equal([SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)], await QueryAsync(path, "PRAGMA user_version;"));
    }

    // These tests choose the SQLite store themselves.
    private static Task<KciTestHost> StartAsync(
        Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection, IFibreCafeKciReceiverBuilder>? services = null) =>
        KciTestHost.StartAsync(settings, services, chooseInMemoryStore: false);
}
