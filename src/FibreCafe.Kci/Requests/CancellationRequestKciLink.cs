using System.Globalization;
using FibreCafe.Client;

namespace FibreCafe.Kci.Requests;

/// <summary>
/// Moves durable requests with the KCIs the dispatcher applies to the ledger. A KCI moves the request that has its
/// cancellation id; a cancellation no request has yet is linked to the open request of its order or problem that
/// waits for it (an ambiguous send, or a 201 the process did not live to record): the one with the KCI's
/// <c>X-Conversation-ID</c>, else the one sending, else the newest parked as <see cref="CancellationRequestParkReason.MayHaveBeenProcessed"/>
/// (its KCI came after the reconcile window). Forward only: a duplicate or late KCI changes nothing.
/// </summary>
internal sealed class CancellationRequestKciLink(ICancellationRequestStore store)
{
    /// <summary>Who KCI moves are recorded as.</summary>
    public const string By = "kci";

    public async Task ApplyAsync(CancellationStatusUpdate update, CancellationToken cancellationToken)
    {
        if (StateOf(update.Status) is not { } state)
        {
            return;
        }

        var request = await store.GetByCancellationIdAsync(update.Kind, update.CancellationId, cancellationToken).ConfigureAwait(false)
            ?? await WaitingAsync(update, cancellationToken).ConfigureAwait(false);
        if (request is not null)
        {
            await store.ChangeAsync(request.Id, (current, now) => Decide(current, update, state, now), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The request state a cancellation status stands for; <see langword="null"/> for one this library does not know.</summary>
    public static CancellationRequestState? StateOf(CancellationStatus status) =>
        status == CancellationStatus.ReceivedByGateway ? CancellationRequestState.Created
        : status == CancellationStatus.Pending ? CancellationRequestState.Pending
        : status == CancellationStatus.Completed ? CancellationRequestState.Completed
        : status == CancellationStatus.Rejected ? CancellationRequestState.Rejected
        : status == CancellationStatus.FailedToSend ? CancellationRequestState.FailedToSend
        : null;

    public static CancellationRequestUpdate? Decide(CancellationRequest current, CancellationStatusUpdate update, CancellationRequestState state, DateTimeOffset now)
    {
        if (current.CancellationId is { } linked && linked != update.CancellationId)
        {
            return null; // another cancellation of the same order
        }

        // Only a request the gateway may have can take a cancellation id: one resubmitted, rescheduled or withdrawn
        // since the KCI's lookup will be sent (or not) on its own account.
        var links = current.CancellationId is null
            && (CancellationRequestLifecycle.IsInFlight(current.State) || current.State == CancellationRequestState.Parked);
        var moves = CancellationRequestLifecycle.CanMove(current.State, state);
        if (!moves && !links)
        {
            return null;
        }

        var to = moves ? state : current.State;
        var next = current with
        {
            State = to,
            CancellationId = update.CancellationId,
            SupplierReference = current.SupplierReference ?? update.SupplierReference,
            ExecutedAt = current.ExecutedAt ?? update.At,
            LastKciId = update.KciId,
            // A move's reason is its own KCI's: the pending KCI's "considering it" is no reason for the completion.
            StatusReason = moves ? update.Reason : current.StatusReason,
            UpdatedAt = now,
            UpdatedBy = By,
            ClosedAt = CancellationRequestLifecycle.IsTerminal(to) ? now : current.ClosedAt,
        };
        if (current.State == CancellationRequestState.Parked && to != CancellationRequestState.Parked)
        {
            next = next with { ParkReason = null };
        }

        if (current.State == CancellationRequestState.Sending && to != CancellationRequestState.Sending)
        {
            // Settled by the gateway's own word. The lease token stays: a holder still waiting for its 201 may record it.
            next = next with { LeaseOwner = null, LeaseExpiresAt = null, ReconcileBy = null, NextAttemptAt = null, TransientFailures = 0 };
        }

        return new(next, new CancellationRequestHistoryEntry
        {
            At = now,
            From = current.State,
            To = to,
            Cause = string.Create(CultureInfo.InvariantCulture,
                $"KCI: cancellation {update.CancellationId} {update.Status}{(links ? " (linked)" : string.Empty)}{(update.Reason is { } r ? ": " + r : string.Empty)}"),
            By = By,
            ConversationId = update.ConversationId,
            KciId = update.KciId,
        });
    }

    private async Task<CancellationRequest?> WaitingAsync(CancellationStatusUpdate update, CancellationToken cancellationToken)
    {
        var open = await store.FindInFlightAsync(update.Kind, update.TargetId, cancellationToken).ConfigureAwait(false);
        var unlinked = open.Where(r => r.CancellationId is null).ToList();
        return unlinked.FirstOrDefault(r => update.ConversationId is not null && r.ConversationId == update.ConversationId)
            ?? unlinked.FirstOrDefault(r => r.State == CancellationRequestState.Sending)
            ?? unlinked.LastOrDefault(r => r is { State: CancellationRequestState.Parked, ParkReason: CancellationRequestParkReason.MayHaveBeenProcessed });
    }
}
