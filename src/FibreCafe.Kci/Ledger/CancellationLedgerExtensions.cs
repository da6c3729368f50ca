namespace FibreCafe.Kci;

/// <summary>Queries of <see cref="ICancellationLedger"/> by order and by service problem.</summary>
public static class CancellationLedgerExtensions
{
    /// <summary>Lists the cancellations of one order, newest first.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="orderId">The gateway order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancellations.</returns>
    public static Task<IReadOnlyList<CancellationRecord>> FindByOrderAsync(this ICancellationLedger ledger, long orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ledger.FindByTargetAsync(CancellationKind.ServiceOrder, orderId, cancellationToken);
    }

    /// <summary>Lists the cancellations of one service problem, newest first.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="serviceProblemId">The gateway service problem id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancellations.</returns>
    public static Task<IReadOnlyList<CancellationRecord>> FindByServiceProblemAsync(this ICancellationLedger ledger, long serviceProblemId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ledger.FindByTargetAsync(CancellationKind.ServiceProblem, serviceProblemId, cancellationToken);
    }

    /// <summary>Finds the newest cancellation of an order or problem that is not terminal yet.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">Order or problem cancellation.</param>
    /// <param name="targetId">The order id or service problem id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open cancellation, or <see langword="null"/>.</returns>
    public static async Task<CancellationRecord?> FindOpenAsync(this ICancellationLedger ledger, CancellationKind kind, long targetId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var all = await ledger.FindByTargetAsync(kind, targetId, cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(c => !c.Status.IsTerminal);
    }
}
