using FibreCafe.Shared;

namespace FibreCafe.Kci.Notifications;

/// <summary>
/// The <see cref="IEventSubscriptionStore"/> of tests and of <c>UseInMemoryStore()</c>: the same rules as the relational
/// stores (their conformance suite runs against it too), on the data it shares with <see cref="InMemoryNotificationOutbox"/>.
/// Nothing survives the process.
/// </summary>
internal sealed class InMemoryEventSubscriptionStore(InMemoryNotifications data) : IEventSubscriptionStore
{
    public Task AddAsync(EventSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        NotificationChecks.Require(subscription.Api, nameof(subscription.Api));
        NotificationChecks.Require(subscription.Callback, nameof(subscription.Callback));
        lock (data.Gate)
        {
            if (data.Subscriptions.ContainsKey(subscription.Id))
            {
                throw new InvalidOperationException($"An event subscription with id {subscription.Id} exists already.");
            }

            data.Subscriptions.Add(subscription.Id, (subscription, ++data.LastSubscriptionOrder));
            return Task.CompletedTask;
        }
    }

    public Task<EventSubscription?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (data.Gate)
        {
            return Task.FromResult(data.Subscriptions.TryGetValue(id, out var stored) ? stored.Subscription : null);
        }
    }

    public Task<IReadOnlyList<EventSubscription>> ListAsync(string api, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Require(api, nameof(api));
        lock (data.Gate)
        {
            return Task.FromResult<IReadOnlyList<EventSubscription>>(data.Subscriptions.Values
                .Where(s => string.Equals(s.Subscription.Api, api, StringComparison.Ordinal))
                .OrderBy(s => s.Subscription.CreatedAt).ThenBy(s => s.Order)
                .Select(s => s.Subscription)
                .ToList());
        }
    }

    public Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (data.Gate)
        {
            if (!data.Subscriptions.Remove(id))
            {
                return Task.FromResult(false);
            }

            foreach (var key in data.Notifications.Where(n => n.Key.SubscriptionId == id && n.Value.State != NotificationState.Delivered).Select(n => n.Key).ToList())
            {
                data.Notifications.Remove(key);
            }

            return Task.FromResult(true);
        }
    }
}
