namespace FibreCafe.Kci;

/// <summary>
/// The outbox of notifications to the listeners of <see cref="IEventSubscriptionStore"/>, delivered at least once: in
/// memory (tests), SQLite (<c>FibreCafe.Storage.Sqlite</c>) or PostgreSQL (<c>FibreCafe.Storage.PostgreSql</c>), the same store as
/// the receiver's. A producer enqueues (with its cursor, in one transaction); a deliverer claims what is due, sends it and
/// completes or fails it; an operator lists, retries and watches the backlog.
/// </summary>
/// <remarks>
/// <para>
/// Order: of one subscription's notifications with one <see cref="OutboundNotification.OrderingKey"/>, only the pending
/// one with the lowest <see cref="OutboundNotification.Position"/> of those not delivered is ever claimed; a later one
/// waits until it is delivered. A parked one holds its key back until it is retried (<see cref="RetryAsync"/>), so the
/// order is never broken. Keys and subscriptions never wait for each other: a listener that fails delays only its own
/// notifications.
/// </para>
/// <para>
/// Times that decide what is due (<see cref="ClaimDueAsync"/>, <see cref="RetryAsync"/>, the delivery time) are the store's
/// clock: the database's for PostgreSQL, where several instances share the outbox, and the host's
/// <see cref="TimeProvider"/> otherwise.
/// </para>
/// </remarks>
public interface INotificationOutbox
{
    /// <summary>
    /// Adds notifications, pending, in one transaction, and gives each its <see cref="OutboundNotification.Position"/> in
    /// list order. A notification whose (<see cref="OutboundNotification.SubscriptionId"/>, <see cref="OutboundNotification.EventId"/>)
    /// is stored already is skipped (the stored one is kept as it is), so a producer may enqueue an event again after a
    /// crash; so is one whose subscription is not (or no longer) stored. Their <see cref="OutboundNotification.Position"/>,
    /// <see cref="OutboundNotification.State"/>, <see cref="OutboundNotification.Attempts"/> and delivery and lease
    /// fields are ignored.
    /// </summary>
    /// <param name="notifications">The notifications; may be empty (to move the checkpoint only).</param>
    /// <param name="checkpoint">The producer's cursor, written (inserted or replaced) in the same transaction: it moves only if the notifications are stored; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many notifications were added.</returns>
    /// <exception cref="ArgumentException">A notification or the checkpoint has a required string that is null, empty or blank; nothing is stored.</exception>
    Task<int> EnqueueAsync(IReadOnlyList<OutboundNotification> notifications, NotificationCheckpoint? checkpoint = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a producer's cursor.</summary>
    /// <param name="name">The cursor's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its value, or <see langword="null"/> when it was never written.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or blank.</exception>
    Task<string?> GetCheckpointAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes due notifications to deliver and leases them to <paramref name="owner"/>: pending, due
    /// (<see cref="OutboundNotification.NextAttemptAt"/> not after the store's time), without a live lease, and each the
    /// oldest pending one of its subscription and ordering key; lowest position first. Each gets
    /// <see cref="OutboundNotification.LeaseOwner"/>, <see cref="OutboundNotification.LeaseExpiresAt"/> (now plus
    /// <paramref name="leaseDuration"/>) and one more <see cref="OutboundNotification.LeaseToken"/>. Instances sharing a
    /// PostgreSQL database never lease one notification twice; a notification whose lease ended may be claimed again.
    /// </summary>
    /// <param name="owner">The deliverer instance.</param>
    /// <param name="leaseDuration">How long the lease lasts; more than zero.</param>
    /// <param name="maxCount">How many to take at most.</param>
    /// <param name="excludedSubscriptions">Subscriptions to take nothing of (a deliverer's listeners that have their share of its slots); none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The leased notifications, as stored after the claim.</returns>
    /// <exception cref="ArgumentException"><paramref name="owner"/> is null, empty or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1, or <paramref name="leaseDuration"/> is not positive.</exception>
    Task<IReadOnlyList<OutboundNotification>> ClaimDueAsync(string owner, TimeSpan leaseDuration, int maxCount, IReadOnlyCollection<Guid>? excludedSubscriptions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a claimed notification as delivered (one more attempt, <see cref="OutboundNotification.DeliveredAt"/> the
    /// store's time, the lease released), if the claim is still the current one: its
    /// <see cref="OutboundNotification.LeaseToken"/> and owner still match and it is still pending. A lease that ran out
    /// but was not taken by anyone else still matches.
    /// </summary>
    /// <param name="claimed">The notification as <see cref="ClaimDueAsync"/> returned it.</param>
    /// <param name="status">The listener's HTTP status, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> when the claim is stale (claimed again, removed, or settled already).</returns>
    Task<bool> CompleteAsync(OutboundNotification claimed, int? status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt of a claimed notification, if the claim is still the current one (as
    /// <see cref="CompleteAsync"/>): one more attempt, the error and status kept, the lease released; then due again at
    /// <paramref name="retryAt"/>, or parked when it is <see langword="null"/>.
    /// </summary>
    /// <param name="claimed">The notification as <see cref="ClaimDueAsync"/> returned it.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="status">The listener's HTTP status, if one came.</param>
    /// <param name="retryAt">When to try again; <see langword="null"/> to park it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> when the claim is stale.</returns>
    /// <exception cref="ArgumentException"><paramref name="error"/> is null, empty or blank.</exception>
    Task<bool> FailAsync(OutboundNotification claimed, string error, int? status, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>Gives a claimed notification back untried: no attempt is counted, and it is due again at once.</summary>
    /// <param name="claimed">The notification as claimed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when released; <see langword="false"/> when the claim is stale.</returns>
    Task<bool> ReleaseAsync(OutboundNotification claimed, CancellationToken cancellationToken = default);

    /// <summary>Makes a parked notification pending again, due at once, with its attempts kept.</summary>
    /// <param name="subscriptionId">The subscription.</param>
    /// <param name="eventId">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was parked and is now pending; <see langword="false"/> when unknown or not parked.</returns>
    Task<bool> RetryAsync(Guid subscriptionId, Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Lists the notifications that match a filter, newest first (by position), one page at a time.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the total that match.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The query's offset or limit is out of range.</exception>
    Task<NotificationPage> ListAsync(NotificationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts, per subscription with anything undelivered, its pending and parked notifications and finds its oldest pending one; by subscription id.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One entry per such subscription.</returns>
    Task<IReadOnlyList<NotificationBacklog>> GetBacklogAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes delivered notifications delivered before a time, oldest first, at most <paramref name="maxCount"/> per call; pending and parked ones are never deleted.</summary>
    /// <param name="deliveredBefore">The cut-off.</param>
    /// <param name="maxCount">How many at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<int> PurgeAsync(DateTimeOffset deliveredBefore, int maxCount, CancellationToken cancellationToken = default);
}
