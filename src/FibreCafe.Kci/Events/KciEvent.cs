using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>
/// A domain event raised from one KCI. Handle one with <see cref="IKciEventHandler{TEvent}"/>; an
/// <c>IKciEventHandler&lt;KciEvent&gt;</c> hears them all. Delivery is at least once: a handler that
/// fails makes every handler of that KCI run again, so use <see cref="KciId"/> to ignore repeats.
/// </summary>
public abstract record KciEvent
{
    private protected KciEvent()
    {
    }

    /// <summary>Gets the id of the KCI the event comes from.</summary>
    public Guid KciId { get; init; }

    /// <summary>Gets the KCI's sequence number within its entity.</summary>
    public long SequenceNumber { get; init; }

    /// <summary>Gets the gateway supplier id.</summary>
    public string Supplier { get; init; } = string.Empty;

    /// <summary>Gets when the gateway delivered the KCI.</summary>
    public DateTimeOffset DeliveredOn { get; init; }

    /// <summary>Gets the <c>X-Conversation-ID</c> of the delivery: the one of the tenant's original request.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Gets the <c>X-Request-ID</c> of the delivery that stored the KCI.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the KCI's entity type.</summary>
    public KciEntityType EntityType { get; init; }

    /// <summary>Gets the whole KCI, for what the event does not lift out (supplier notes, entity fields, ...).</summary>
    public KciEnvelope? Envelope { get; init; }

    /// <summary>Hands the event to the handlers of its own type (double dispatch, so no reflection is needed).</summary>
    internal abstract Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken);
}
