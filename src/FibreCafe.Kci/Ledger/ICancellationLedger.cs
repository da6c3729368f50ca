namespace FibreCafe.Kci;

/// <summary>
/// The record of every cancellation the tenant created (through <c>AddFibreCafeCancellationLedger()</c>)
/// and of what KCIs said about it since. It is also how a KCI that carries no cancellation object (a
/// <c>RESUBMIT</c> or an <c>ERROR</c>) is linked to the open cancellation of its order or problem.
/// Implementations: in memory, SQLite (<c>FibreCafe.Storage.Sqlite</c>) and PostgreSQL (<c>FibreCafe.Storage.PostgreSql</c>).
/// </summary>
/// <remarks>
/// A KCI's status update is applied before its event handlers run (see <see cref="IKciEventHandler{TEvent}"/>):
/// inside a <c>ServiceOrderCancellationCompleted</c> handler the ledger already says <c>COMPLETED</c>. The ledger
/// never moves back, so a KCI dispatched again (its handlers failed, or its process died) changes nothing here.
/// </remarks>
public interface ICancellationLedger
{
    /// <summary>Records a cancellation the gateway just created (201), merged with what KCIs may have recorded already.</summary>
    /// <param name="record">What the client sent and received.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    Task RecordCreatedAsync(CancellationRecord record, CancellationToken cancellationToken = default);

    /// <summary>Applies a status a KCI reported, atomically and forward only (RECEIVED_BY_GATEWAY → PENDING → COMPLETED, REJECTED or FAILED_TO_SEND; nothing after a terminal status).</summary>
    /// <param name="update">The update.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done.</returns>
    Task<CancellationTransition> ApplyAsync(CancellationStatusUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Gets one cancellation by its gateway id.</summary>
    /// <param name="kind">Order or problem cancellation.</param>
    /// <param name="cancellationId">The gateway cancellation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancellation, or <see langword="null"/>.</returns>
    Task<CancellationRecord?> GetAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default);

    /// <summary>Lists the cancellations of one order or problem, newest first.</summary>
    /// <param name="kind">Order or problem cancellation.</param>
    /// <param name="targetId">The order id or service problem id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancellations.</returns>
    Task<IReadOnlyList<CancellationRecord>> FindByTargetAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default);
}
