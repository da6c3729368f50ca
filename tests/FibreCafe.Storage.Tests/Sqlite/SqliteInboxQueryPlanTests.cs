using FibreCafe.Kci;
using FibreCafe.Storage.Sqlite;

namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>The operations page's queries read the inbox's indexes, never the whole table.</summary>
public sealed class SqliteInboxQueryPlanTests : SqliteQueryPlanTests
{
    [Fact]
    public async Task The_hourly_count_is_one_range_of_the_received_at_index()
    {
        var plan = await PlanAsync(SqliteSql.Inbox.ReceivedByHour, "@from", "@until");

        Assert.Contains("SEARCH kci_inbox USING COVERING INDEX ix_kci_inbox_received (received_at>? AND received_at<?)", plan);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("PROVIDE_ORDER")]
    public async Task An_entity_id_is_looked_up_by_its_keys_in_the_entity_index_for_the_page_and_its_total(string? type)
    {
        var query = new KciInboxQuery { EntityId = "12345", EntityType = type is null ? null : (KciEntityType?)new KciEntityType(type) };

        foreach (var plan in await PlansAsync(query))
        {
            Assert.Contains("SEARCH kci_inbox USING COVERING INDEX ix_kci_inbox_entity (entity_key=?)", plan);
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_entity_type_is_a_range_of_the_entity_index()
    {
        foreach (var plan in await PlansAsync(new KciInboxQuery { EntityType = KciEntityType.CeaseOrder }))
        {
            Assert.Contains("SEARCH kci_inbox USING COVERING INDEX ix_kci_inbox_entity (entity_key>? AND entity_key<?)", plan);
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_time_window_is_a_range_of_the_received_at_index_and_only_the_pages_rows_are_read()
    {
        var query = new KciInboxQuery { ReceivedFrom = DateTimeOffset.UnixEpoch, ReceivedBefore = DateTimeOffset.UnixEpoch.AddDays(1) };
        var plans = await PlansAsync(query);

        Assert.All(plans, plan => Assert.Contains("SEARCH kci_inbox USING COVERING INDEX ix_kci_inbox_received (received_at>? AND received_at<?)", plan));
        Assert.Contains("SEARCH kci_inbox USING INTEGER PRIMARY KEY (rowid=?)", plans[0]);
    }

    [Fact]
    public async Task The_oldest_pending_time_reads_the_pending_rows_only()
    {
        var plan = await PlanAsync(Sql("RelationalKciInbox", "OldestPending"));

        Assert.Contains(plan, step => step.StartsWith("SEARCH kci_inbox USING", StringComparison.Ordinal) && step.EndsWith("(status=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PendingCount")]
    [InlineData("ParkedCount")]
    public async Task The_backlog_counts_read_their_status_only_never_the_done_rows(string name)
    {
        var plan = await PlanAsync(Sql("RelationalKciInbox", name));

        Assert.Contains(plan, step => step.StartsWith("SEARCH kci_inbox USING", StringComparison.Ordinal) && step.EndsWith("(status=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    // The plans of the page and of its total, for the SQL the SQLite store builds for the query (InboxSearch, shared).
    private async Task<List<List<string>>> PlansAsync(KciInboxQuery query)
    {
        var assembly = typeof(SqliteKciDatabase).Assembly;
        var dialect = assembly.GetType("FibreCafe.Storage.Shared.StoreDialect", throwOnError: true)!.GetField("Sqlite")!.GetValue(null);
        var search = assembly.GetType("FibreCafe.Storage.Shared.InboxSearch", throwOnError: true)!;
        var (where, parameters) = ((string, (string Name, object? Value)[]))search.GetMethod("Filter")!.Invoke(null, [query, dialect, SqliteSql.Inbox])!;
        var names = parameters.Select(p => p.Name).ToArray();
        return
        [
            await PlanAsync((string)search.GetMethod("Page")!.Invoke(null, [where])!, [.. names, "@limit", "@offset"]),
            await PlanAsync((string)search.GetMethod("Count")!.Invoke(null, [where])!, names),
        ];
    }
}
