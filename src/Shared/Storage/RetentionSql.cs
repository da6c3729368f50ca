namespace FibreCafe.Storage.Shared;

/// <summary>
/// The retention SQL of a dialect, and which of the two deletions it takes (see <see cref="KciRetentionService"/>).
/// </summary>
/// <param name="Delete">
/// Paged: the delete of the done rows of one page (<c>@after</c>, <c>@last</c> positions) completed before <c>@cutoff</c>.
/// Batched: the delete of up to <c>@batch</c> done rows completed before <c>@cutoff</c>, skipping rows others are deleting.
/// </param>
/// <param name="EntityStateDelete">
/// The delete of the quiet entities (<see cref="QuietEntity"/>) among the states of one page of entity keys
/// (<c>@after</c>, <c>@last</c>), with whatever else the dialect keeps per entity; its count is the entities deleted.
/// </param>
/// <param name="Page">
/// Paged only (a store without an index on the completion time): the next <c>@page</c> done rows after position
/// <c>@after</c>, in arrival order, with <c>position</c>, <c>completed_at</c> and <c>received_at</c>; <see langword="null"/> for batched.
/// </param>
internal sealed record RetentionSql(string Delete, string EntityStateDelete, string? Page = null)
{
    /// <summary>The next <c>@page</c> entity states after key <c>@after</c>, in key order (the primary key: no index of its own).</summary>
    public const string EntityStatePage =
        "SELECT entity_key, updated_at FROM kci_entity_state WHERE entity_key > @after ORDER BY entity_key LIMIT @page;";

    /// <summary>
    /// Of a <c>kci_entity_state</c> row: unchanged since <c>@cutoff</c> and no pending or parked KCI (a parked one may be
    /// replayed, and must then find the state it would have found). Done KCIs do not hold it: a re-delivery of one is
    /// recognised by its id while it is kept, and <c>EntityStateRetention</c> is at least <c>DoneRetention</c>.
    /// </summary>
    public const string QuietEntity = $"""
        kci_entity_state.updated_at < @cutoff AND NOT EXISTS (SELECT 1 FROM kci_inbox i
            WHERE i.entity_key = kci_entity_state.entity_key AND i.status <> {InboxStatusSql.Done})
        """;

    /// <summary>The range of one page of entity keys.</summary>
    public const string EntityPageRange = "kci_entity_state.entity_key > @after AND kci_entity_state.entity_key <= @last";
}
