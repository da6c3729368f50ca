namespace FibreCafe.Kci;

/// <summary>
/// Handles one kind of KCI domain event. Register with <c>services.AddKciEventHandler&lt;TEvent, THandler&gt;()</c>;
/// handlers are resolved from a DI scope created for each KCI. Throwing makes the KCI be retried with
/// back-off, then parked.
/// </summary>
/// <remarks>
/// The order of work for each KCI: it was stored and acknowledged; the dispatcher decides its events; the
/// <see cref="ICancellationLedger"/> is updated with the cancellation status it reports (forward only), so a handler
/// that reads the ledger sees this KCI's outcome; then the handlers run; then the entity's recorded state moves on and
/// the KCI is marked done. Delivery is at least once: a KCI whose handlers failed, or whose process died before it
/// was marked done, is dispatched again with the same events and the same <see cref="KciEvent.KciId"/> (the ledger
/// already holding its status does not suppress them), so de-duplicate on <see cref="KciEvent.KciId"/>.
/// </remarks>
/// <typeparam name="TEvent">The event type, or <see cref="KciEvent"/> for every event.</typeparam>
public interface IKciEventHandler<in TEvent>
    where TEvent : KciEvent
{
    /// <summary>Handles the event.</summary>
    /// <param name="kciEvent">The event.</param>
    /// <param name="cancellationToken">Signalled when the host stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(TEvent kciEvent, CancellationToken cancellationToken);
}
