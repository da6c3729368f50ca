namespace FibreCafe.Kci.Notifications;

/// <summary>
/// What <see cref="InMemoryEventSubscriptionStore"/> and <see cref="InMemoryNotificationOutbox"/> keep, behind one lock,
/// so that removing a subscription and dropping its notifications is one step, as the relational stores' transaction.
/// </summary>
internal sealed class InMemoryNotifications
{
    public object Gate { get; } = new();

    /// <summary>Gets the subscriptions by id, with the order they were added in.</summary>
    public Dictionary<Guid, (EventSubscription Subscription, long Order)> Subscriptions { get; } = [];

    public Dictionary<(Guid SubscriptionId, Guid EventId), OutboundNotification> Notifications { get; } = [];

    public Dictionary<string, string> Checkpoints { get; } = new(StringComparer.Ordinal);

    public long LastSubscriptionOrder { get; set; }

    public long LastPosition { get; set; }
}
