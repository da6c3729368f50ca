namespace FibreCafe.Kci;

/// <summary>
/// Handles one kind of KCI domain event. Register with <c>services.AddKciEventHandler&lt;TEvent, THandler&gt;()</c>;
/// handlers are resolved from a DI scope created for each KCI. Throwing makes the KCI be retried with
/// back-off, then parked.
/// </summary>
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
