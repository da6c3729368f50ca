namespace FibreCafe.Kci.Dispatch;

/// <summary>Receives a domain event with its static type, so handlers are resolved without reflection.</summary>
internal interface IKciEventSink
{
    Task PublishAsync<TEvent>(TEvent kciEvent, CancellationToken cancellationToken)
        where TEvent : KciEvent;
}
