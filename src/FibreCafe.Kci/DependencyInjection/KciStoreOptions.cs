namespace FibreCafe.Kci;

/// <summary>
/// What every durable store of the receiver is configured with (the receiver section's <c>Store</c> keys): how long it
/// keeps dispatched KCIs. Each store's options derive from it and add their own keys (a file path, a connection string).
/// </summary>
public abstract class KciStoreOptions
{
    /// <summary>The default <see cref="DoneRetention"/>: 7 days.</summary>
    public static readonly TimeSpan DefaultDoneRetention = TimeSpan.FromDays(7);

    /// <summary>The shortest <see cref="DoneRetention"/>: 1 hour (a re-delivery must still be recognised as one).</summary>
    public static readonly TimeSpan MinDoneRetention = TimeSpan.FromHours(1);

    /// <summary>
    /// The default <see cref="EntityStateRetention"/>: 400 days, longer than an order or a fault ticket stays quiet and
    /// still in flight (docs/stores.md, "Entity states").
    /// </summary>
    public static readonly TimeSpan DefaultEntityStateRetention = TimeSpan.FromDays(400);

    /// <summary>The default <see cref="CleanupInterval"/>: 1 hour.</summary>
    public static readonly TimeSpan DefaultCleanupInterval = TimeSpan.FromHours(1);

    /// <summary>The shortest <see cref="CleanupInterval"/> other than zero (off): 1 minute.</summary>
    public static readonly TimeSpan MinCleanupInterval = TimeSpan.FromMinutes(1);

    /// <summary>The longest <see cref="CleanupInterval"/>: 1 day.</summary>
    public static readonly TimeSpan MaxCleanupInterval = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how long a dispatched (done) KCI is kept, for inspection and to recognise a re-delivery as a
    /// duplicate; older ones are deleted. Pending and parked KCIs are kept until dispatched or replayed.
    /// At least 1 hour. Default: 7 days.
    /// </summary>
    public TimeSpan DoneRetention { get; set; } = DefaultDoneRetention;

    /// <summary>
    /// Gets or sets how long the state of an entity (an order's or a fault ticket's newest KCI: what makes a late KCI
    /// stale, what the TMF641 API reads) is kept after its last change, once the entity has no pending or parked KCI;
    /// older ones are deleted, so the store holds the entities active within this time, not every one ever seen. A KCI
    /// for an entity whose state was deleted is applied as its first. At least <see cref="DoneRetention"/> (until then a
    /// re-delivery is recognised by its id); <see cref="Timeout.InfiniteTimeSpan"/> keeps every state for good.
    /// Default: 400 days.
    /// </summary>
    public TimeSpan EntityStateRetention { get; set; } = DefaultEntityStateRetention;

    /// <summary>
    /// Gets or sets how often the store deletes the done KCIs older than <see cref="DoneRetention"/> and the entity
    /// states older than <see cref="EntityStateRetention"/> (with several
    /// receivers on one database, each does); <see cref="TimeSpan.Zero"/> turns the clean-up off. 1 minute to 1 day.
    /// Default: 1 hour.
    /// </summary>
    public TimeSpan CleanupInterval { get; set; } = DefaultCleanupInterval;

    /// <summary>Describes the retention settings, for the <c>ToString</c> of each store's options.</summary>
    /// <returns>The settings, e.g. <c>DoneRetention = 7.00:00:00, EntityStateRetention = 400.00:00:00, CleanupInterval = 01:00:00</c>.</returns>
    protected string DescribeRetention() => $"DoneRetention = {DoneRetention}, EntityStateRetention = {EntityStateRetention}, CleanupInterval = {CleanupInterval}";
}
