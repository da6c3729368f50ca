using FibreCafe.Kci;
using FibreCafe.Shared;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// The <see cref="IEventSubscriptionStore"/> of every relational store. Removing a subscription deletes its row first,
/// which (PostgreSQL) waits for an enqueue that holds the row (<see cref="RelationalNotificationOutbox"/>), then its
/// undelivered notifications, in one transaction: a notification enqueued for it either is deleted with it or is never
/// stored.
/// </summary>
internal sealed class RelationalEventSubscriptionStore(IStoreDatabase database) : IEventSubscriptionStore
{
    public Task AddAsync(EventSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        NotificationChecks.Require(subscription.Api, nameof(subscription.Api));
        NotificationChecks.Require(subscription.Callback, nameof(subscription.Callback));
        return database.WriteAsync(async session =>
        {
            if (await session.ExecuteAsync(NotificationSql.InsertSubscription, cancellationToken, NotificationRows.Parameters(subscription, session.Dialect)).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException($"An event subscription with id {subscription.Id} exists already.");
            }

            return true;
        }, cancellationToken);
    }

    public Task<EventSubscription?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async session => (await session.QueryAsync(
                NotificationSql.SubscriptionById, NotificationRows.ReadSubscription, cancellationToken, ("@id", session.Dialect.Id(id))).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<EventSubscription>> ListAsync(string api, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Require(api, nameof(api));
        return database.ReadAsync<IReadOnlyList<EventSubscription>>(
            async session => await session.QueryAsync(NotificationSql.SubscriptionsOfApi, NotificationRows.ReadSubscription, cancellationToken, ("@api", api)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async session =>
        {
            var key = ("@id", session.Dialect.Id(id));
            if (await session.ExecuteAsync(NotificationSql.DeleteSubscription, cancellationToken, key).ConfigureAwait(false) == 0)
            {
                return false;
            }

            // A statement of its own, so that on PostgreSQL (READ COMMITTED) it sees what an enqueue that held the
            // subscription's row committed while the delete above waited for it.
            await session.ExecuteAsync(NotificationSql.DeleteUndelivered, cancellationToken, key).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
