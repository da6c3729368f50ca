using System.Text;
using FibreCafe.Kci;
using FibreCafe.Storage.PostgreSql;
using FibreCafe.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FibreCafe.Storage.Tests.PostgreSql;

/// <summary>What only the PostgreSQL store does: schema migration, configuration, retention, health, secrets.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Receivers_starting_together_create_the_schema_once_and_a_restart_changes_nothing()
    {
        var schema = PostgresFixture.NewSchema();
        var hosts = Enumerable.Range(0, 4).Select(_ => Host(schema)).ToList();

        await Task.WhenAll(hosts.Select(h => h.StartAsync()));
        await Task.WhenAll(hosts.Select(h => h.StopAsync()));
        using (var again = Host(schema))
        {
            await again.StartAsync();
            await again.StopAsync();
        }

        Assert.Equal(["001_initial", "002_cancellation_requests", "003_request_metadata", "004_notifications", "005_inbox_operations", "006_inbox_due", "007_inbox_pending_probe"], await QueryAsync<string>($"SELECT name FROM {schema}.kci_schema_version ORDER BY version"));
        Assert.Equal(
            ["cancellation_ledger", "cancellation_request_history", "cancellation_requests", "event_subscriptions", "kci_entity", "kci_entity_state", "kci_inbox", "kci_schema_version", "notification_checkpoints", "outbound_notifications"],
            await QueryAsync<string>($"SELECT table_name::text FROM information_schema.tables WHERE table_schema = '{schema}' ORDER BY 1"));
        hosts.ForEach(h => h.Dispose());
    }

    [Fact]
    public async Task A_schema_that_records_a_newer_version_is_refused_naming_both_versions_and_left_as_it_was()
    {
        var schema = PostgresFixture.NewSchema();
        using (var first = Host(schema))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        await ExecuteAsync($"INSERT INTO {schema}.kci_schema_version (version, name) VALUES (99, '099_from_the_future');");
        using var host = Host(schema);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains($"PostgreSQL schema '{schema}' has schema version 99, newer than this library's (7); update FibreCafe.Storage.PostgreSql", error.Message, StringComparison.Ordinal);
        Assert.Equal(["001_initial", "002_cancellation_requests", "003_request_metadata", "004_notifications", "005_inbox_operations", "006_inbox_due", "007_inbox_pending_probe", "099_from_the_future"], await QueryAsync<string>($"SELECT name FROM {schema}.kci_schema_version ORDER BY version"));
    }

    [Fact]
    public void The_schema_ships_as_a_readable_sql_file_identical_to_the_one_applied()
    {
        var file = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schema", "001_initial.sql"));
        using var stream = typeof(PostgreSqlKciStoreOptions).Assembly.GetManifestResourceStream("FibreCafe.Storage.PostgreSql.Schema.001_initial.sql");
        using var reader = new StreamReader(stream!);

        Assert.Equal(file, reader.ReadToEnd());
        Assert.Contains("CREATE TABLE IF NOT EXISTS kci_inbox", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_is_configured_from_the_receivers_store_section()
    {
        var schema = PostgresFixture.NewSchema();
        using var host = Host(settings: new()
        {
            ["FibreCafe:Kci:Store:ConnectionString"] = postgres.ConnectionString,
            ["FibreCafe:Kci:Store:Schema"] = schema,
            ["FibreCafe:Kci:Store:DoneRetention"] = "3.00:00:00",
            ["FibreCafe:Kci:Store:CleanupInterval"] = "00:00:00",
        });
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<PostgreSqlKciStoreOptions>>().Value;
        Assert.Equal((schema, TimeSpan.FromDays(3), TimeSpan.Zero), (options.Schema, options.DoneRetention, options.CleanupInterval));
        var inbox = host.Services.GetRequiredService<IKciInbox>();
        Assert.Equal(KciInboxAddResult.Added, await inbox.AddAsync(Entry("PROVIDE_ORDER:1", 1, DateTimeOffset.UtcNow)));
        Assert.Equal([1L], await QueryAsync<long>($"SELECT count(*) FROM {schema}.kci_inbox"));
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, "fibrecafe_kci", "7.00:00:00", "01:00:00", "FibreCafe:Kci:Store:ConnectionString is required")]
    [InlineData("Host=127.0.0.1;Port=notaport;Password=pw-in-a-bad-string", "fibrecafe_kci", "7.00:00:00", "01:00:00", "FibreCafe:Kci:Store:ConnectionString is not a valid")]
    [InlineData("Database=kci;Password=pw-in-a-bad-string", "fibrecafe_kci", "7.00:00:00", "01:00:00", "FibreCafe:Kci:Store:ConnectionString must name the server")]
    [InlineData("Host=127.0.0.1;Password=pw-in-a-bad-string", "Kci; DROP", "7.00:00:00", "01:00:00", "FibreCafe:Kci:Store:Schema must be")]
    [InlineData("Host=127.0.0.1;Password=pw-in-a-bad-string", "fibrecafe_kci", "00:10:00", "01:00:00", "FibreCafe:Kci:Store:DoneRetention must be at least 01:00:00 (was 00:10:00)")]
    [InlineData("Host=127.0.0.1;Password=pw-in-a-bad-string", "fibrecafe_kci", "7.00:00:00", "00:00:05", "FibreCafe:Kci:Store:CleanupInterval must be")]
    public async Task Invalid_options_stop_the_host_from_starting_with_a_message_naming_the_key_and_never_the_password(
        string? connectionString, string schema, string retention, string interval, string expected)
    {
        using var host = Host(settings: new()
        {
            ["FibreCafe:Kci:Store:ConnectionString"] = connectionString,
            ["FibreCafe:Kci:Store:Schema"] = schema,
            ["FibreCafe:Kci:Store:DoneRetention"] = retention,
            ["FibreCafe:Kci:Store:CleanupInterval"] = interval,
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain("pw-in-a-bad-string", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_describe_themselves_without_the_password()
    {
        var options = new PostgreSqlKciStoreOptions { ConnectionString = postgres.ConnectionString };

        var text = options.ToString();

        Assert.Contains($"127.0.0.1:{postgres.Server.Port}/kci", text, StringComparison.Ordinal);
        Assert.DoesNotContain(postgres.Server.Password, text, StringComparison.Ordinal);
        Assert.Contains("DoneRetention = 7.00:00:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_start_and_no_log_line_or_exception_shows_either_password()
    {
        var logs = new FakeLogCollector();
        var wrong = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = "not-the-password-123" }.ConnectionString;
        using var host = Host(PostgresFixture.NewSchema(), logs, wrong);

        var ex = await Assert.ThrowsAnyAsync<NpgsqlException>(() => host.StartAsync());

        Assert.Contains("password authentication failed", ex.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { "not-the-password-123", postgres.Server.Password })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            Assert.All(logs.GetSnapshot(), r => Assert.DoesNotContain(secret, $"{r.Message} {r.Exception}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Retention_deletes_only_done_entries_older_than_configured_and_every_receiver_may_run_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 10, 9, 0, 0, TimeSpan.Zero));
        var schema = PostgresFixture.NewSchema();
        using var first = Host(schema, clock: clock, configure: o => o.DoneRetention = TimeSpan.FromDays(7));
        using var second = Host(schema, clock: clock, configure: o => o.DoneRetention = TimeSpan.FromDays(7));
        var inbox = first.Services.GetRequiredService<IKciInbox>();
        var old = Entry("A:1", 1, clock.GetUtcNow());
        var parked = Entry("B:1", 1, clock.GetUtcNow());
        var pending = Entry("C:1", 1, clock.GetUtcNow());
        foreach (var entry in new[] { old, parked, pending })
        {
            await inbox.AddAsync(entry);
        }

        var claimed = await inbox.ClaimAsync(2, TimeSpan.FromMinutes(1));
        Assert.True(await inbox.CompleteAsync(claimed[0], new KciEntityState("A:1", 1, old.KciId, "DONE", clock.GetUtcNow())));
        Assert.True(await inbox.FailAsync(claimed[1], "poison", null));
        clock.Advance(TimeSpan.FromDays(6));
        var recent = Entry("D:1", 1, clock.GetUtcNow());
        await inbox.AddAsync(recent);
        var recentClaim = (await inbox.ClaimAsync(10, TimeSpan.FromMinutes(1))).Single(c => c.KciId == recent.KciId);
        Assert.True(await inbox.CompleteAsync(recentClaim, null));
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var deleted = await Task.WhenAll(Retention(first).CleanupAsync(CancellationToken.None), Retention(second).CleanupAsync(CancellationToken.None));

        Assert.Equal(1, deleted.Sum());

        Assert.Null(await inbox.GetAsync(old.KciId));
        Assert.Equal(KciInboxStatus.Parked, (await inbox.GetAsync(parked.KciId))!.Status);
        Assert.Equal(KciInboxStatus.Pending, (await inbox.GetAsync(pending.KciId))!.Status);
        Assert.Equal(KciInboxStatus.Done, (await inbox.GetAsync(recent.KciId))!.Status);
        Assert.Equal(1, (await inbox.GetEntityStateAsync("A:1"))!.SequenceNumber); // states stay: a late re-delivery is stale
        Assert.Equal(KciInboxAddResult.Added, await inbox.AddAsync(old)); // past retention, a re-delivery is new again
    }

    /// <summary>JIT compiling cost the claim's lease about 60 ms whenever its estimated cost crossed jit_above_cost (docs/stores.md).</summary>
    [Theory]
    [InlineData(null, "off")]
    [InlineData("-c statement_timeout=45000", "off")]
    [InlineData("-c jit=on", "on")]
    public async Task The_store_turns_jit_off_for_its_sessions_unless_the_connection_string_sets_it(string? options, string expected)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Options = options }.ConnectionString;
        await using var database = new PostgreSqlKciDatabase(Options.Create(new PostgreSqlKciStoreOptions { ConnectionString = connectionString, Schema = PostgresFixture.NewSchema() }));

        // Twice: the second session is a pooled one, reset (DISCARD ALL) since the first; a SET would not survive that.
        for (var session = 0; session < 2; session++)
        {
            Assert.Equal(expected, await database.ReadAsync(s => s.ScalarAsync("SHOW jit;", CancellationToken.None), CancellationToken.None));
        }

        if (options is { } given && !given.Contains("jit", StringComparison.Ordinal))
        {
            Assert.Equal("45s", await database.ReadAsync(s => s.ScalarAsync("SHOW statement_timeout;", CancellationToken.None), CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_retention_runs_by_itself_on_the_configured_interval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 10, 9, 0, 0, TimeSpan.Zero));
        var schema = PostgresFixture.NewSchema();
        var logs = new FakeLogCollector();
        using var host = Host(schema, logs, clock: clock, configure: o =>
        {
            o.DoneRetention = TimeSpan.FromHours(1);
            o.CleanupInterval = TimeSpan.FromMinutes(10);
        });
        var inbox = host.Services.GetRequiredService<IKciInbox>();
        var entry = Entry("A:1", 1, clock.GetUtcNow());
        await inbox.AddAsync(entry);
        Assert.True(await inbox.CompleteAsync(Assert.Single(await inbox.ClaimAsync(1, TimeSpan.FromMinutes(1))), null));
        await host.StartAsync();

        clock.Advance(TimeSpan.FromMinutes(61));
        bool Logged() => logs.GetSnapshot().Any(r => r.Message.StartsWith("KCI store retention: deleted 1 done KCI(s)", StringComparison.Ordinal));

        // The line is logged after the delete committed: waiting for it waits for both.
        for (var i = 0; i < 500 && !Logged(); i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(20);
        }

        Assert.True(Logged());
        Assert.Null(await inbox.GetAsync(entry.KciId));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_health_check_reports_the_store_and_turns_unhealthy_when_the_database_is_unreachable()
    {
        using var healthy = Host(PostgresFixture.NewSchema());
        var closed = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Port = ClosedPort(), Timeout = 2 }.ConnectionString;
        using var unreachable = Host(PostgresFixture.NewSchema(), connectionString: closed);
        await healthy.Services.GetRequiredService<IKciInbox>().AddAsync(Entry("A:1", 1, DateTimeOffset.UtcNow));

        var up = await healthy.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var down = await unreachable.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var store = up.Entries[FibreCafeKciServiceCollectionExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, store.Status);
        Assert.Equal(1L, store.Data["pending"]);
        Assert.Equal(HealthStatus.Unhealthy, down.Entries[FibreCafeKciServiceCollectionExtensions.HealthCheckName].Status);
    }

    [Fact]
    public async Task A_role_without_the_create_privilege_uses_a_schema_made_for_it()
    {
        var schema = PostgresFixture.NewSchema();
        await ExecuteAsync($"CREATE SCHEMA {schema} AUTHORIZATION {PostgresServer.Role}; REVOKE CREATE ON DATABASE {PostgresServer.Database} FROM PUBLIC, {PostgresServer.Role};");
        try
        {
            using var host = Host(schema);
            await host.StartAsync();
            Assert.Equal(KciInboxAddResult.Added, await host.Services.GetRequiredService<IKciInbox>().AddAsync(Entry("A:1", 1, DateTimeOffset.UtcNow)));
            using var missing = Host(PostgresFixture.NewSchema());
            var ex = await Assert.ThrowsAsync<PostgresException>(() => missing.StartAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
            await host.StopAsync();
        }
        finally
        {
            await ExecuteAsync($"GRANT CREATE ON DATABASE {PostgresServer.Database} TO {PostgresServer.Role};");
        }
    }

    [Fact]
    public async Task A_claim_reads_the_pending_kcis_in_arrival_order_from_their_own_index_and_looks_up_each_heads_live_claim()
    {
        var schema = await SchemaWithDoneKcisBeforeABacklogAsync();

        var claim = (string)StoreSql("FibreCafe.Storage.PostgreSql.PostgreSqlSql", "Inbox", "ClaimHeads");
        var plan = string.Join('\n', await QueryAsync<string>($"SET search_path TO {schema}; EXPLAIN " + claim.Replace("@now", "now()", StringComparison.Ordinal).Replace("@max", "32", StringComparison.Ordinal)));

        Assert.Contains("Index Scan using ix_kci_inbox_due on kci_inbox h", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("kci_inbox_pkey on kci_inbox h", plan, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(plan, EntityProbe)); // an earlier or claimed entry: looked up per head, among the entity's pending KCIs
    }

    /// <summary>
    /// Both statements of a claim keep to the rows they are about under any statistics: planned with statistics taken
    /// while every KCI was done (an analyze right after a backlog drained, when the planner takes every index of pending
    /// rows to hold about one) and while every one was pending. Under the first, the lease this store used before ran for
    /// minutes, and probes through ix_kci_inbox_due read the whole backlog (docs/performance.md).
    /// </summary>
    [Fact]
    public async Task A_claim_reads_only_its_heads_and_their_entities_whatever_the_statistics()
    {
        var schema = await SchemaWithDoneKcisBeforeABacklogAsync();
        var positions = string.Join(',', await QueryAsync<long>($"SELECT position FROM {schema}.kci_inbox WHERE status = 0 ORDER BY position LIMIT 32"));
        string Explain(string property) => $"SET search_path TO {schema}; EXPLAIN " + ((string)StoreSql("FibreCafe.Storage.PostgreSql.PostgreSqlSql", "Inbox", property))
            .Replace("@positions", $"'{{{positions}}}'::bigint[]", StringComparison.Ordinal)
            .Replace("@until", "now() + interval '5 minutes'", StringComparison.Ordinal)
            .Replace("@now", "now()", StringComparison.Ordinal)
            .Replace("@max", "32", StringComparison.Ordinal);

        // The statistics of a moment, kept after the rows are put back (autovacuum off on the table); the seeded done
        // KCIs are those with a completion time.
        await ExecuteAsync($"ALTER TABLE {schema}.kci_inbox SET (autovacuum_enabled = off);");
        foreach (var moment in new[] { "SET status = 1 WHERE status = 0", "SET status = 0 WHERE status = 1" })
        {
            await ExecuteAsync($"""
                UPDATE {schema}.kci_inbox {moment};
                ANALYZE {schema}.kci_inbox;
                UPDATE {schema}.kci_inbox SET status = CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END;
                """);
            var heads = string.Join('\n', await QueryAsync<string>(Explain("ClaimHeads")));
            var lease = string.Join('\n', await QueryAsync<string>(Explain("Lease")));

            Assert.Contains("Index Scan using ix_kci_inbox_due on kci_inbox h", heads, StringComparison.Ordinal);
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(lease, LeasedRowsByPosition), lease);
            foreach (var plan in new[] { heads, lease })
            {
                Assert.DoesNotContain("Seq Scan on kci_inbox", plan, StringComparison.Ordinal); // (100 entity rows here may well be read whole)
                Assert.DoesNotContain("BitmapAnd", plan, StringComparison.Ordinal); // an index read whole, its bits intersected
                Assert.Single(System.Text.RegularExpressions.Regex.Matches(plan, EntityProbe)); // one probe per head, entered by entity, reading its pending KCIs only
            }
        }
    }

    /// <summary>
    /// Schema 7 on a store that schema 6 left holding a backlog: the probe index replaces ix_kci_inbox_pending on start,
    /// and the claim then hands out each entity's head and nothing behind it.
    /// </summary>
    [Fact]
    public async Task A_schema_6_store_with_a_backlog_moves_to_the_probe_index_on_start_and_hands_out_each_entitys_head()
    {
        var schema = await SchemaWithDoneKcisBeforeABacklogAsync();
        await ExecuteAsync($"""
            DROP INDEX {schema}.ix_kci_inbox_pending_of_entity;
            CREATE INDEX ix_kci_inbox_pending ON {schema}.kci_inbox (entity_key, sequence_number, position) WHERE status = 0;
            DELETE FROM {schema}.kci_schema_version WHERE version = 7;
            """);

        using var host = Host(schema);
        await host.StartAsync();
        var claimed = await host.Services.GetRequiredService<IKciInbox>().ClaimAsync(500, TimeSpan.FromMinutes(5));
        await host.StopAsync();

        Assert.Equal(["CREATE INDEX ix_kci_inbox_pending_of_entity ON " + schema + ".kci_inbox USING btree (entity_key, sequence_number, \"position\") WHERE ((status + 0) = 0)"],
            await QueryAsync<string>($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{schema}' AND indexname LIKE 'ix_kci_inbox_pending%'"));
        Assert.Equal([true], await QueryAsync<bool>($"SELECT indisvalid FROM pg_index WHERE indexrelid = '{schema}.ix_kci_inbox_pending_of_entity'::regclass"));
        Assert.Equal([7], await QueryAsync<int>($"SELECT MAX(version)::integer FROM {schema}.kci_schema_version"));
        // 100 entities with two pending KCIs each (sequence numbers 100,001–100,200): only the first of each is a head.
        Assert.Equal(100, claimed.Count);
        Assert.Equal(100, claimed.Select(e => e.EntityKey).Distinct().Count());
        Assert.All(claimed, e => Assert.InRange(e.SequenceNumber, 100_001, 100_100));
    }

    [Fact]
    public async Task The_backlog_the_health_check_asks_for_reads_the_pending_and_parked_rows_only()
    {
        var schema = await SchemaWithDoneKcisBeforeABacklogAsync();

        foreach (var name in new[] { "OldestPending", "PendingCount", "ParkedCount" })
        {
            var sql = (string)typeof(PostgreSqlKciStoreOptions).Assembly.GetType("FibreCafe.Storage.Shared.RelationalKciInbox", throwOnError: true)!.GetField(name)!.GetValue(null)!;
            var plan = string.Join('\n', await QueryAsync<string>($"SET search_path TO {schema}; EXPLAIN " + sql));

            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("ix_kci_inbox_received", plan, StringComparison.Ordinal); // MIN by the received index walks every done KCI first
        }
    }

    // The probe of a head's entity in a plan: the probe index, entered by the entity (directly or as a bitmap of that one
    // index), so never a read of the whole backlog (a range of ix_kci_inbox_due or ix_kci_inbox_status, or a BitmapAnd).
    private const string EntityProbe =
        @"SubPlan \d+\s+->  (Index Scan using ix_kci_inbox_pending_of_entity on kci_inbox o\b[^\n]*\n|Bitmap Heap Scan on kci_inbox o\b[^\n]*\n(\s+(Recheck Cond|Filter)[^\n]*\n)*\s+->  Bitmap Index Scan on ix_kci_inbox_pending_of_entity[^\n]*\n)\s+Index Cond: \(entity_key = [hi]\.entity_key\)";

    // The lease's rows in a plan: looked up by position in the primary key (directly or as its bitmap).
    private const string LeasedRowsByPosition =
        @"Update on kci_inbox i [^\n]*\n\s+->  (Index Scan using kci_inbox_pkey on kci_inbox i[^\n]*\n|Bitmap Heap Scan on kci_inbox i[^\n]*\n(\s+(Recheck Cond|Filter)[^\n]*\n)*\s+->  Bitmap Index Scan on kci_inbox_pkey[^\n]*\n)\s+Index Cond: \(""position"" = ANY";

    // A migrated schema holding what a store holds after a while: 20,000 done KCIs, then a backlog of 200 pending ones,
    // analyzed as autovacuum would.
    private async Task<string> SchemaWithDoneKcisBeforeABacklogAsync()
    {
        var schema = PostgresFixture.NewSchema();
        using (var host = Host(schema))
        {
            await host.StartAsync();
            await host.StopAsync();
        }

        // As a store holds them: the done KCIs arrived first, the backlog after (the planner once walked the primary key
        // from the start, filtering out every done row, when it judged pending rows spread evenly among them).
        await ExecuteAsync($"""
            INSERT INTO {schema}.kci_entity (entity_key) SELECT 'E:' || e FROM generate_series(1, 100) e;
            INSERT INTO {schema}.kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at, body, status, completed_at)
            SELECT gen_random_uuid(), 'E:' || (n % 100 + 1), n, 'PROVIDE_ORDER', 'INFORMATIONAL', 'FIBRECO', now(), now() - interval '1 day', '\x7b7d', 1, now() FROM generate_series(1, 20000) n;
            INSERT INTO {schema}.kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at, body, status, next_attempt_at)
            SELECT gen_random_uuid(), 'E:' || (n % 100 + 1), 100000 + n, 'PROVIDE_ORDER', 'INFORMATIONAL', 'FIBRECO', now(), now(), '\x7b7d', 0, now() FROM generate_series(1, 200) n;
            ANALYZE {schema}.kci_inbox;
            """);
        return schema;
    }

    // A dialect's SQL, internal to the store's assembly, by name.
    private static object StoreSql(string type, string field, string property)
    {
        var sql = typeof(PostgreSqlKciStoreOptions).Assembly.GetType(type, throwOnError: true)!.GetField(field)!.GetValue(null)!;
        return sql.GetType().GetProperty(property)!.GetValue(sql)!;
    }

    private static PostgreSqlKciRetention Retention(IHost host) =>
        host.Services.GetServices<IHostedService>().OfType<PostgreSqlKciRetention>().Single();

    private static KciInboxEntry Entry(string entityKey, long sequence, DateTimeOffset now) => new()
    {
        KciId = Guid.NewGuid(),
        EntityKey = entityKey,
        SequenceNumber = sequence,
        EntityType = KciEntityType.ProvideOrder,
        UpdateType = KciUpdateType.Informational,
        Supplier = "FIBRECO",
        DeliveredOn = now,
        ReceivedAt = now,
        Body = Encoding.UTF8.GetBytes("{}"),
    };

    private IHost Host(
        string? schema = null,
        FakeLogCollector? logs = null,
        string? connectionString = null,
        TimeProvider? clock = null,
        Action<PostgreSqlKciStoreOptions>? configure = null,
        Dictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FibreCafe:Kci:Authentication:Basic:Username"] = "gateway",
            ["FibreCafe:Kci:Authentication:Basic:Password"] = "storage-tests-password",
            ["FibreCafe:Kci:Dispatch:Enabled"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.AddProvider(new FakeLoggerProvider(logs ?? new FakeLogCollector())).SetMinimumLevel(LogLevel.Debug);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        var receiver = builder.Services.AddFibreCafeKciReceiver(builder.Configuration.GetSection("FibreCafe:Kci"));
        if (settings is null)
        {
            receiver.UsePostgreSqlStore(o =>
            {
                o.ConnectionString = connectionString ?? postgres.ConnectionString;
                o.Schema = schema!;
                configure?.Invoke(o);
            });
        }
        else
        {
            receiver.UsePostgreSqlStore();
        }

        return builder.Build();
    }

    private async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
