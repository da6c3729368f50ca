namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// What one KCI leads to. It is computed without changing anything; the ledger updates and the entity
/// state are written only after every handler succeeded, so a retry computes the same plan again.
/// </summary>
/// <param name="Events">The domain events, in the order handlers hear them.</param>
/// <param name="LedgerUpdates">The cancellation status changes to record.</param>
/// <param name="RequestUpdates">
/// Every status the KCI states about a known cancellation, repeats and stale ones included, for the durable requests:
/// their link is forward only, so a repeat the ledger ignores still moves a request an earlier attempt left behind.
/// </param>
/// <param name="EntityState">The entity's new state, or <see langword="null"/> when the KCI is stale.</param>
internal sealed record KciDispatchPlan(
    IReadOnlyList<KciEvent> Events,
    IReadOnlyList<CancellationStatusUpdate> LedgerUpdates,
    IReadOnlyList<CancellationStatusUpdate> RequestUpdates,
    KciEntityState? EntityState)
{
    public bool IsStale => EntityState is null;
}
