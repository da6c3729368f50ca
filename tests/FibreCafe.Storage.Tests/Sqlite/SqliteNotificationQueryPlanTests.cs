namespace FibreCafe.Storage.Tests.Sqlite;

/// <summary>The outbox's claim walks the pending rows in position order and probes each key's head by its own index.</summary>
public sealed class SqliteNotificationQueryPlanTests : SqliteQueryPlanTests
{
    [Fact]
    public async Task The_claim_walks_the_pending_index_in_order_and_probes_each_key_by_the_head_index()
    {
        var plan = await PlanAsync(Sql("NotificationSql", "Due") + ";", "@now", "@max");

        Assert.Contains("SCAN n USING INDEX ix_outbound_notifications_pending", plan);
        Assert.Contains(plan, step => step.StartsWith("SEARCH e USING", StringComparison.Ordinal)
            && step.Contains("INDEX ix_outbound_notifications_head (subscription_id=? AND ordering_key=? AND position<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_backlog_and_the_removal_of_a_subscription_read_the_backlog_index_and_the_purge_the_delivered_one()
    {
        var backlog = await PlanAsync(Sql("NotificationSql", "Backlog"));
        var removal = await PlanAsync(Sql("NotificationSql", "DeleteUndelivered"), "@id");
        var purge = await PlanAsync(Sql("NotificationSql", "PurgeHead") + ");", "@before", "@max");

        Assert.Contains(backlog, step => step.Contains("ix_outbound_notifications_backlog", StringComparison.Ordinal));
        Assert.Contains(removal, step => step.Contains("ix_outbound_notifications_backlog", StringComparison.Ordinal));
        Assert.Contains(purge, step => step.Contains("ix_outbound_notifications_delivered", StringComparison.Ordinal));
    }
}
