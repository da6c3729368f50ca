using FibreCafe.Client;

namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// Decides what a KCI means for the cancellation of its order or problem (rules C1–C8 of
/// docs/kci-receiver.md) and which cancellation it concerns: the object it carries, else the
/// ledger's open cancellation of that order or problem.
/// </summary>
internal static class KciCancellationRules
{
    private const string PendingCancellation = "PENDING_CANCELLATION";

    /// <summary>Adds the cancellation event and ledger update, if any, and the status for the durable requests.</summary>
    /// <returns>Whether the KCI's action or error was taken over by a cancellation rule.</returns>
    public static bool Apply(CancellationFacts facts, KciMappingInput input, bool fresh, List<KciEvent> events, List<CancellationStatusUpdate> ledgerUpdates, List<CancellationStatusUpdate> requestUpdates)
    {
        var envelope = input.Envelope;
        var carried = facts.CancellationId is not null;
        var known = carried ? input.ReportedCancellation : input.OpenCancellation;
        var status = carried && CancellationLifecycle.Rank(facts.CancellationStatus) >= 0
            ? facts.CancellationStatus
            : Infer(envelope, facts, hasCancellation: carried || known is not null);
        if (status is not { } target)
        {
            return false;
        }

        var cancellationId = facts.CancellationId ?? known?.CancellationId;
        var reason = ReasonOf(envelope);
        if (cancellationId is { } id)
        {
            // A known cancellation: the ledger's lifecycle decides, so a repeat or a stale KCI raises nothing. The
            // ledger is updated before the handlers run: when it already holds this very KCI's status, an earlier
            // attempt recorded it and its handlers failed, so the event is raised again (at least once).
            var update = UpdateOf(facts, id, target, reason, input);
            requestUpdates.Add(update);
            var recordedByThisKci = known is not null && known.LastKciId == envelope.Id && known.Status == target;
            if (!recordedByThisKci)
            {
                if (CancellationLifecycle.Decide(known?.Status, target) is not (CancellationTransition.Created or CancellationTransition.Advanced))
                {
                    return IsAttributed(envelope, target);
                }

                ledgerUpdates.Add(update);
            }
        }
        else if (!fresh || (target == CancellationStatus.Pending && input.Previous?.Status == PendingCancellation))
        {
            // Unknown cancellation: only the entity's own history can tell a repeat from news.
            return IsAttributed(envelope, target);
        }

        if (Create(facts, target, cancellationId, reason, envelope.Error) is { } kciEvent)
        {
            events.Add(kciEvent);
        }

        return IsAttributed(envelope, target);
    }

    private static CancellationStatusUpdate UpdateOf(CancellationFacts facts, long id, CancellationStatus target, string? reason, KciMappingInput input) => new()
    {
        Kind = facts.Kind,
        CancellationId = id,
        TargetId = facts.TargetId,
        Status = target,
        KciId = input.Envelope.Id,
        At = input.Envelope.DeliveredOn,
        Reason = reason,
        ReasonCode = facts.ReasonCode,
        Text = facts.Text,
        Supplier = facts.Supplier,
        SupplierReference = facts.SupplierReference,
        ConversationId = input.Entry.ConversationId,
    };

    // C2 CANCELLED → COMPLETED; C3 RESUBMIT about a cancellation → REJECTED; C4 ERROR about a
    // cancellation → FAILED_TO_SEND; C5 entity PENDING_CANCELLATION → PENDING.
    private static CancellationStatus? Infer(KciEnvelope envelope, CancellationFacts facts, bool hasCancellation)
    {
        if (envelope.UpdateType == KciUpdateType.Informational && envelope.Information?.Type == KciInformationType.Cancelled)
        {
            return CancellationStatus.Completed;
        }

        if (hasCancellation && envelope.UpdateType == KciUpdateType.ActionRequired && envelope.Action?.Type.IsRejection == true)
        {
            return CancellationStatus.Rejected;
        }

        // An ERROR whose entity is FAILED_TO_SEND is about the order or problem itself, unless the
        // KCI carries the cancellation object.
        if (hasCancellation && envelope.UpdateType == KciUpdateType.Error && (facts.CancellationId is not null || !facts.EntityFailedToSend))
        {
            return CancellationStatus.FailedToSend;
        }

        return facts.EntityPendingCancellation ? CancellationStatus.Pending : (CancellationStatus?)null;
    }

    private static KciEvent? Create(CancellationFacts facts, CancellationStatus status, long? id, string? reason, GatewayError? error)
    {
        var order = facts.Cancellation as ServiceOrderCancellation;
        var problem = facts.Cancellation as ServiceProblemCancellation;
        var t = facts.TargetId;
        return (facts.Kind, status.Value) switch
        {
            (CancellationKind.ServiceOrder, "PENDING") => new ServiceOrderCancellationPending { OrderId = t, CancellationId = id, ReasonText = reason, Cancellation = order },
            (CancellationKind.ServiceOrder, "COMPLETED") => new ServiceOrderCancellationCompleted { OrderId = t, CancellationId = id, ReasonText = reason, Cancellation = order },
            (CancellationKind.ServiceOrder, "REJECTED") => new ServiceOrderCancellationRejected { OrderId = t, CancellationId = id, ReasonText = reason, Cancellation = order },
            (CancellationKind.ServiceOrder, "FAILED_TO_SEND") => new ServiceOrderCancellationFailedToSend { OrderId = t, CancellationId = id, ReasonText = reason, Cancellation = order, Error = error },
            (CancellationKind.ServiceProblem, "PENDING") => new ServiceProblemCancellationPending { ServiceProblemId = t, CancellationId = id, ReasonText = reason, Cancellation = problem },
            (CancellationKind.ServiceProblem, "COMPLETED") => new ServiceProblemCancellationCompleted { ServiceProblemId = t, CancellationId = id, ReasonText = reason, Cancellation = problem },
            (CancellationKind.ServiceProblem, "REJECTED") => new ServiceProblemCancellationRejected { ServiceProblemId = t, CancellationId = id, ReasonText = reason, Cancellation = problem },
            (CancellationKind.ServiceProblem, "FAILED_TO_SEND") => new ServiceProblemCancellationFailedToSend { ServiceProblemId = t, CancellationId = id, ReasonText = reason, Cancellation = problem, Error = error },
            _ => null, // RECEIVED_BY_GATEWAY: recorded in the ledger, no event
        };
    }

    /// <summary>The explanation a KCI gives: the supplier's text, else the gateway's error messages.</summary>
    private static string? ReasonOf(KciEnvelope envelope) =>
        envelope.Action?.Text
        ?? envelope.Information?.Text
        ?? (envelope.Error is { Messages.Count: > 0 } e ? string.Join("; ", e.Messages) : null);

    /// <summary>Whether the KCI's action or error is about a cancellation, given the status a rule concluded.</summary>
    private static bool IsAttributed(KciEnvelope envelope, CancellationStatus? status) =>
        (status == CancellationStatus.Rejected && envelope.UpdateType == KciUpdateType.ActionRequired)
        || (status == CancellationStatus.FailedToSend && envelope.UpdateType == KciUpdateType.Error);
}
