using System.Globalization;
using FibreCafe.Kci;
using FibreCafe.Tmf641.Resources;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>
/// The notifications KCIs cause directly: a <c>ServiceOrderStateChangeEvent</c> when an order's status changes its TMF
/// state, and a <c>CancelServiceOrderInformationRequiredEvent</c> when an <c>ACTION_REQUIRED</c> KCI (other than a
/// rejection, which the cancellation rules turn into a state change) is about an order with a cancellation in flight.
/// A KCI handler: its notifications are enqueued before the KCI is marked done, and a retry makes the same event ids.
/// </summary>
internal sealed class Tmf641KciEvents(
    ICancellationRequestStore requests,
    ICancellationLedger ledger,
    INotificationOutbox outbox,
    Tmf641Notifier notifier,
    Tmf641Routes routes,
    Tmf641DeliverySignal delivery,
    TimeProvider timeProvider) : IKciEventHandler<ServiceOrderStatusChanged>, IKciEventHandler<ActionRequired>
{
    public async Task HandleAsync(ServiceOrderStatusChanged kciEvent, CancellationToken cancellationToken)
    {
        var to = ServiceOrderStates.Of(kciEvent.Status.Value);
        if (kciEvent.PreviousStatus is { } previous && ServiceOrderStates.Of(previous.Value) == to)
        {
            return;
        }

        var state = new KciEntityState(string.Create(CultureInfo.InvariantCulture, $"{kciEvent.EntityType.Value}:{kciEvent.OrderId}"), kciEvent.SequenceNumber, kciEvent.KciId, kciEvent.Status.Value, kciEvent.DeliveredOn);
        var resource = await ServiceOrderResource.ReadAsync(kciEvent.OrderId, state, ledger, routes.Links(), cancellationToken).ConfigureAwait(false);
        var id = Tmf641Events.IdOf($"{Tmf641Events.ServiceOrderStateChange}:{kciEvent.KciId:D}");
        var envelope = Tmf641Events.Envelope(id, Tmf641Events.ServiceOrderStateChange, kciEvent.DeliveredOn, kciEvent.DeliveredOn, kciEvent.ConversationId,
            "ServiceOrder state changed", string.Create(CultureInfo.InvariantCulture, $"ServiceOrder {kciEvent.OrderId} is {to} (Fibre Cafe status {kciEvent.Status.Value})."), "serviceOrder", resource);
        await EnqueueAsync(Tmf641Events.ServiceOrderStateChange, string.Create(CultureInfo.InvariantCulture, $"serviceOrder:{kciEvent.OrderId}"), envelope, cancellationToken).ConfigureAwait(false);
    }

    public async Task HandleAsync(ActionRequired kciEvent, CancellationToken cancellationToken)
    {
        // Only the supplier asking for information: a reappointment or a confirmation is not about the cancellation.
        if (!kciEvent.EntityType.IsServiceOrder || kciEvent.Type != KciActionType.InformationRequired
            || !long.TryParse(kciEvent.EntityId, NumberStyles.None, CultureInfo.InvariantCulture, out var orderId))
        {
            return;
        }

        var open = await requests.FindInFlightAsync(CancellationKind.ServiceOrder, orderId, cancellationToken).ConfigureAwait(false);
        if (open.LastOrDefault(r => CancellationRequestLifecycle.IsInFlight(r.State)) is not { } request)
        {
            return;
        }

        var resource = CancelServiceOrderResource.Of(request, null, routes.Links());
        var id = Tmf641Events.IdOf($"{Tmf641Events.CancelServiceOrderInformationRequired}:{kciEvent.KciId:D}");
        var envelope = Tmf641Events.Envelope(id, Tmf641Events.CancelServiceOrderInformationRequired, kciEvent.DeliveredOn, kciEvent.DeliveredOn, request.ConversationId,
            "CancelServiceOrder needs information", $"The supplier asks for {kciEvent.Type.Value}: {kciEvent.Text ?? kciEvent.Code ?? "no detail given"}", "cancelServiceOrder", resource,
            fieldPath: kciEvent.Code ?? kciEvent.Type.Value);
        await EnqueueAsync(Tmf641Events.CancelServiceOrderInformationRequired, $"cancelServiceOrder:{request.Id:D}", envelope, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnqueueAsync(string eventType, string orderingKey, System.Text.Json.Nodes.JsonObject envelope, CancellationToken cancellationToken)
    {
        var listeners = await notifier.ListenersAsync(cancellationToken).ConfigureAwait(false);
        // Listeners registered before this KCI was dispatched hear it (the gateway's clock is not this host's).
        var notifications = notifier.For(listeners, eventType, orderingKey, timeProvider.GetUtcNow(), envelope).ToList();
        if (notifications.Count > 0 && await outbox.EnqueueAsync(notifications, null, cancellationToken).ConfigureAwait(false) > 0)
        {
            delivery.Notify();
        }
    }
}
