using FibreCafe.Client;

namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// Maps one KCI to domain events, ledger updates and the entity's new state, following the rules of
/// docs/kci-receiver.md ("KCI → domain events"). Pure: it reads only its input.
/// </summary>
internal static class KciEventMapper
{
    public static KciDispatchPlan Map(KciMappingInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var envelope = input.Envelope;

        // Stale: the entity already applied this sequence number or a newer one. A stale KCI never
        // moves recorded state back; only the ledger, which guards its own lifecycle, may still learn from it.
        var fresh = input.Previous is null || envelope.SequenceNumber > input.Previous.SequenceNumber;
        var events = new List<KciEvent>();
        var ledgerUpdates = new List<CancellationStatusUpdate>();
        var requestUpdates = new List<CancellationStatusUpdate>();
        var attributed = false;
        string? status = null;

        if (CancellationFacts.Of(envelope, input.Entity) is { } facts)
        {
            attributed = KciCancellationRules.Apply(facts, input, fresh, events, ledgerUpdates, requestUpdates);
        }

        if (input.Entity is ServiceOrderEntity order)
        {
            status = order.Status.Value;
            AddOrderEvents(input, order, fresh, events);
        }
        else if (input.Entity is ServiceProblemEntity problem)
        {
            status = problem.Status.Value;
            AddProblemEvents(input, problem, fresh, events);
        }
        else if (input.Entity is ServiceTestEntity test && fresh)
        {
            status = test.Status.Value;
            events.Add(new ServiceTestUpdated { ServiceTestId = test.Id, Status = test.Status, UpdateType = envelope.UpdateType, Test = test });
        }

        AddGenericEvents(input, fresh, attributed, events);
        var state = fresh
            ? new KciEntityState(input.Entry.EntityKey, envelope.SequenceNumber, envelope.Id, string.IsNullOrEmpty(status) ? input.Previous?.Status : status, now)
            : null;
        return new KciDispatchPlan(events.Select(e => KciEventHeader.Stamp(e, input)).ToList(), ledgerUpdates, requestUpdates, state);
    }

    private static void AddOrderEvents(KciMappingInput input, ServiceOrderEntity order, bool fresh, List<KciEvent> events)
    {
        if (!fresh)
        {
            return;
        }

        var envelope = input.Envelope;
        if (IsNewStatus(order.Status.Value, input.Previous))
        {
            events.Add(new ServiceOrderStatusChanged
            {
                OrderId = order.Id,
                Status = order.Status,
                PreviousStatus = input.Previous?.Status is { } p ? new ServiceOrderStatus(p) : (ServiceOrderStatus?)null,
                Information = envelope.Information,
                Order = order,
            });
        }

        if (envelope.EntityType == KciEntityType.UnsolicitedCeaseOrder && envelope.Information?.Type == KciInformationType.Created)
        {
            events.Add(new UnsolicitedCeaseReceived
            {
                OrderId = order.Id,
                SupplierOrderNumber = order.SupplierOrderNumber,
                ServiceId = order.ServiceId,
                Reason = order.Reason,
                RequestedCeaseDate = order.RequestedCeaseDate,
                Order = order,
            });
        }
    }

    private static void AddProblemEvents(KciMappingInput input, ServiceProblemEntity problem, bool fresh, List<KciEvent> events)
    {
        if (fresh && IsNewStatus(problem.Status.Value, input.Previous))
        {
            events.Add(new ServiceProblemStatusChanged
            {
                ServiceProblemId = problem.Id,
                Status = problem.Status,
                PreviousStatus = input.Previous?.Status is { } p ? new ServiceProblemStatus(p) : (ServiceProblemStatus?)null,
                Information = input.Envelope.Information,
                Problem = problem,
            });
        }
    }

    // ACTION_REQUIRED and ERROR are raised as such unless a cancellation rule took them over; a KCI
    // this library does not understand is raised as UnknownKciReceived whatever else it led to.
    private static void AddGenericEvents(KciMappingInput input, bool fresh, bool attributed, List<KciEvent> events)
    {
        var envelope = input.Envelope;
        var entityId = Kcis.KciJson.GetScalarText(envelope.Entity, "id");
        if (fresh && !attributed && envelope.UpdateType == KciUpdateType.ActionRequired && envelope.Action is { } action)
        {
            events.Add(new ActionRequired { EntityId = entityId, Type = action.Type, Code = action.Code, Text = action.Text, SupplierCode = action.SupplierCode });
        }

        if (fresh && !attributed && envelope.UpdateType == KciUpdateType.Error)
        {
            events.Add(new KciErrorReported { EntityId = entityId, Error = envelope.Error });
        }

        if (!envelope.EntityType.IsKnown || !envelope.UpdateType.IsKnown)
        {
            events.Add(new UnknownKciReceived
            {
                UpdateType = envelope.UpdateType,
                Unknown = envelope.EntityType.IsKnown ? $"updateType {envelope.UpdateType}" : $"entityType {envelope.EntityType}",
            });
        }
    }

    private static bool IsNewStatus(string status, KciEntityState? previous) =>
        status.Length > 0 && !string.Equals(status, previous?.Status, StringComparison.Ordinal);
}
