namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>
/// The processing run's hot queries use the indexes meant for them: a claim that probed by state instead took 1.1 s with
/// 3,000 requests due (every due row against every due row); with its index it stops at the first rows it takes.
/// </summary>
public sealed class SqliteRequestQueryPlanTests : SqliteQueryPlanTests
{
    [Fact]
    public async Task The_claim_walks_the_due_index_in_order_and_probes_each_target_by_its_own_indexes()
    {
        var plan = await PlanAsync(Sql("CancellationRequestSql", "Due") + ";", "@now", "@max");

        Assert.Contains("SCAN r USING INDEX ix_cancellation_requests_due", plan);
        Assert.Contains(plan, step => step.StartsWith("SEARCH s USING", StringComparison.Ordinal) && step.Contains("INDEX ux_cancellation_requests_sending (kind=? AND target_id=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH e USING", StringComparison.Ordinal) && step.Contains("INDEX ix_cancellation_requests_target (kind=? AND target_id=? AND number<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsettled_sends_are_found_through_the_state_index()
    {
        var plan = await PlanAsync(Sql("CancellationRequestSql", "Unsettled"), "@now", "@max");

        Assert.Contains(plan, step => step.StartsWith("SEARCH cancellation_requests USING INDEX ix_cancellation_requests_state", StringComparison.Ordinal));
    }
}
