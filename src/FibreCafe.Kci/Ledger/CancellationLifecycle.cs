using FibreCafe.Client;

namespace FibreCafe.Kci;

/// <summary>
/// The lifecycle of a cancellation: <c>RECEIVED_BY_GATEWAY</c> → <c>PENDING</c> → <c>COMPLETED</c> |
/// <c>REJECTED</c> | <c>FAILED_TO_SEND</c>. It only moves forward, and a terminal state never changes.
/// Ledger implementations (the stores', or one of your own) call <see cref="Apply"/> or <see cref="Merge"/> inside their transaction.
/// </summary>
public static class CancellationLifecycle
{
    /// <summary>Gets the position of a status in the lifecycle: 0, 1, 2 (terminal), or -1 when unknown.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The rank.</returns>
    public static int Rank(CancellationStatus status) =>
        status == CancellationStatus.ReceivedByGateway ? 0
        : status == CancellationStatus.Pending ? 1
        : status.IsTerminal ? 2
        : -1;

    /// <summary>Decides whether a cancellation may move from <paramref name="current"/> to <paramref name="next"/>.</summary>
    /// <param name="current">The recorded status; <see langword="null"/> when the ledger does not know the cancellation.</param>
    /// <param name="next">The reported status.</param>
    /// <returns><see cref="CancellationTransition.Created"/>, <see cref="CancellationTransition.Advanced"/>,
    /// <see cref="CancellationTransition.Unchanged"/> or <see cref="CancellationTransition.Refused"/>.</returns>
    public static CancellationTransition Decide(CancellationStatus? current, CancellationStatus next)
    {
        if (Rank(next) < 0)
        {
            return CancellationTransition.Refused;
        }

        if (current is not { } from)
        {
            return CancellationTransition.Created;
        }

        if (from == next)
        {
            return CancellationTransition.Unchanged;
        }

        return from.IsTerminal || Rank(next) <= Rank(from) ? CancellationTransition.Refused : CancellationTransition.Advanced;
    }

    /// <summary>
    /// Merges what the client learnt when it created a cancellation into what a KCI may already have
    /// recorded (a KCI can arrive before the 201 is processed): the details fill in, the status never goes back.
    /// </summary>
    /// <param name="existing">The recorded cancellation, or <see langword="null"/>.</param>
    /// <param name="created">What the client recorded.</param>
    /// <returns>The record to store.</returns>
    public static CancellationRecord Merge(CancellationRecord? existing, CancellationRecord created)
    {
        ArgumentNullException.ThrowIfNull(created);
        if (existing is null)
        {
            return created;
        }

        var advances = Decide(existing.Status, created.Status) == CancellationTransition.Advanced;
        return existing with
        {
            Status = advances ? created.Status : existing.Status,
            ClosedAt = existing.ClosedAt ?? (advances && created.Status.IsTerminal ? created.UpdatedAt : null),
            ReasonCode = created.ReasonCode ?? existing.ReasonCode,
            Text = created.Text ?? existing.Text,
            Supplier = created.Supplier ?? existing.Supplier,
            SupplierReference = created.SupplierReference ?? existing.SupplierReference,
            RequestId = created.RequestId,
            ConversationId = created.ConversationId ?? existing.ConversationId,
            RequestBody = created.RequestBody,
            ResponseBody = created.ResponseBody,
            CreatedAt = existing.CreatedAt < created.CreatedAt ? existing.CreatedAt : created.CreatedAt,
            UpdatedAt = created.UpdatedAt > existing.UpdatedAt ? created.UpdatedAt : existing.UpdatedAt,
        };
    }

    /// <summary>Applies a KCI's status update to the recorded cancellation, when <see cref="Decide"/> allows it.</summary>
    /// <param name="existing">The recorded cancellation, or <see langword="null"/>.</param>
    /// <param name="update">The update.</param>
    /// <returns>The transition, and the record to store (unchanged when refused or unchanged).</returns>
    public static (CancellationTransition Transition, CancellationRecord? Record) Apply(CancellationRecord? existing, CancellationStatusUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var transition = Decide(existing?.Status, update.Status);
        var record = transition switch
        {
            CancellationTransition.Created => new CancellationRecord
            {
                Kind = update.Kind,
                CancellationId = update.CancellationId,
                TargetId = update.TargetId,
                Status = update.Status,
                ReasonCode = update.ReasonCode,
                Text = update.Text,
                Supplier = update.Supplier,
                SupplierReference = update.SupplierReference,
                ConversationId = update.ConversationId,
                CreatedAt = update.At,
                UpdatedAt = update.At,
                ClosedAt = update.Status.IsTerminal ? update.At : null,
                LastKciId = update.KciId,
                StatusReason = update.Reason,
            },
            CancellationTransition.Advanced => existing! with
            {
                Status = update.Status,
                UpdatedAt = update.At,
                ClosedAt = update.Status.IsTerminal ? update.At : null,
                LastKciId = update.KciId,
                StatusReason = update.Reason ?? existing.StatusReason,
                SupplierReference = existing.SupplierReference ?? update.SupplierReference,
            },
            _ => existing,
        };
        return (transition, record);
    }
}
