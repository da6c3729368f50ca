namespace FibreCafe.Kci;

/// <summary>
/// Where the listeners registered on the hubs (<see cref="EventSubscription"/>) are kept: in memory (tests), SQLite
/// (<c>FibreCafe.Storage.Sqlite</c>) or PostgreSQL (<c>FibreCafe.Storage.PostgreSql</c>), the same store as the receiver's
/// (<c>Use…Store()</c>). Their notifications are kept by the store's <see cref="INotificationOutbox"/>.
/// </summary>
public interface IEventSubscriptionStore
{
    /// <summary>Adds a subscription.</summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the subscription is stored.</returns>
    /// <exception cref="ArgumentException"><see cref="EventSubscription.Api"/> or <see cref="EventSubscription.Callback"/> is null, empty or blank.</exception>
    /// <exception cref="InvalidOperationException">A subscription with that id exists already; nothing is changed.</exception>
    Task AddAsync(EventSubscription subscription, CancellationToken cancellationToken = default);

    /// <summary>Gets a subscription by its id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription, or <see langword="null"/>.</returns>
    Task<EventSubscription?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists the subscriptions of one API, oldest first (by <see cref="EventSubscription.CreatedAt"/>, then in the order they were added).</summary>
    /// <param name="api">The API, e.g. <c>tmf641</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscriptions; empty when there are none.</returns>
    /// <exception cref="ArgumentException"><paramref name="api"/> is null, empty or blank.</exception>
    Task<IReadOnlyList<EventSubscription>> ListAsync(string api, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a subscription and, in the same transaction, its undelivered notifications (pending and parked), which
    /// leave nothing behind; its delivered ones stay until <see cref="INotificationOutbox.PurgeAsync"/>. A notification
    /// being delivered at that moment can no longer be completed or failed.
    /// </summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was removed; <see langword="false"/> when no subscription has that id.</returns>
    Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default);
}
