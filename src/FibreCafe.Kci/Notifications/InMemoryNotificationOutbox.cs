using FibreCafe.Shared;

namespace FibreCafe.Kci.Notifications;

/// <summary>
/// The <see cref="INotificationOutbox"/> of tests and of <c>UseInMemoryStore()</c>: one lock around the data it shares with
/// <see cref="InMemoryEventSubscriptionStore"/>, the same rules as the relational stores (their conformance suite runs
/// against it too). Nothing survives the process.
/// </summary>
internal sealed class InMemoryNotificationOutbox(InMemoryNotifications data, TimeProvider timeProvider) : INotificationOutbox
{
    public Task<int> EnqueueAsync(IReadOnlyList<OutboundNotification> notifications, NotificationCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Enqueue(notifications, checkpoint);

        lock (data.Gate)
        {
            var added = 0;
            foreach (var notification in notifications)
            {
                var key = (notification.SubscriptionId, notification.EventId);
                if (data.Subscriptions.ContainsKey(notification.SubscriptionId) && !data.Notifications.ContainsKey(key))
                {
                    data.Notifications.Add(key, AsNew(notification, ++data.LastPosition));
                    added++;
                }
            }

            if (checkpoint is not null)
            {
                data.Checkpoints[checkpoint.Name] = checkpoint.Value;
            }

            return Task.FromResult(added);
        }
    }

    public Task<string?> GetCheckpointAsync(string name, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Require(name, nameof(name));
        lock (data.Gate)
        {
            return Task.FromResult(data.Checkpoints.TryGetValue(name, out var value) ? value : null);
        }
    }

    public Task<IReadOnlyList<OutboundNotification>> ClaimDueAsync(string owner, TimeSpan leaseDuration, int maxCount, IReadOnlyCollection<Guid>? excludedSubscriptions = null, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Require(owner, nameof(owner));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (data.Gate)
        {
            var now = timeProvider.GetUtcNow();
            // A parked head holds its key back until it is retried, as a pending one does: in order per listener and resource.
            var heads = data.Notifications.Values
                .Where(n => n.State != NotificationState.Delivered)
                .GroupBy(n => (n.SubscriptionId, n.OrderingKey))
                .Select(g => g.MinBy(n => n.Position)!)
                .Where(n => n.State == NotificationState.Pending);
            var claimed = heads
                .Where(n => n.NextAttemptAt <= now && !(n.LeaseExpiresAt > now) && excludedSubscriptions?.Contains(n.SubscriptionId) != true)
                .OrderBy(n => n.Position)
                .Take(maxCount)
                .Select(n => n with { LeaseOwner = owner, LeaseExpiresAt = now + leaseDuration, LeaseToken = n.LeaseToken + 1 })
                .ToList();
            foreach (var notification in claimed)
            {
                data.Notifications[(notification.SubscriptionId, notification.EventId)] = notification;
            }

            return Task.FromResult<IReadOnlyList<OutboundNotification>>(claimed);
        }
    }

    public Task<bool> CompleteAsync(OutboundNotification claimed, int? status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return Settle(claimed, now => current => current with
        {
            State = NotificationState.Delivered,
            Attempts = current.Attempts + 1,
            DeliveredAt = now,
            LastStatus = status,
            LeaseOwner = null,
            LeaseExpiresAt = null,
        });
    }

    public Task<bool> FailAsync(OutboundNotification claimed, string error, int? status, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        NotificationChecks.Require(error, nameof(error));
        return Settle(claimed, _ => current => current with
        {
            State = retryAt is null ? NotificationState.Parked : NotificationState.Pending,
            Attempts = current.Attempts + 1,
            NextAttemptAt = retryAt ?? current.NextAttemptAt,
            LastError = error,
            LastStatus = status,
            LeaseOwner = null,
            LeaseExpiresAt = null,
        });
    }

    public Task<bool> ReleaseAsync(OutboundNotification claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return Settle(claimed, _ => current => current with { LeaseOwner = null, LeaseExpiresAt = null });
    }

    public Task<bool> RetryAsync(Guid subscriptionId, Guid eventId, CancellationToken cancellationToken = default)
    {
        lock (data.Gate)
        {
            if (!data.Notifications.TryGetValue((subscriptionId, eventId), out var current) || current.State != NotificationState.Parked)
            {
                return Task.FromResult(false);
            }

            data.Notifications[(subscriptionId, eventId)] = current with { State = NotificationState.Pending, NextAttemptAt = timeProvider.GetUtcNow() };
            return Task.FromResult(true);
        }
    }

    public Task<NotificationPage> ListAsync(NotificationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        lock (data.Gate)
        {
            var matching = data.Notifications.Values
                .Where(n => (query.SubscriptionId is null || n.SubscriptionId == query.SubscriptionId) && (query.State is null || n.State == query.State))
                .OrderByDescending(n => n.Position)
                .ToList();
            return Task.FromResult(new NotificationPage(matching.Skip(query.Offset).Take(query.Limit).ToList(), matching.Count));
        }
    }

    public Task<IReadOnlyList<NotificationBacklog>> GetBacklogAsync(CancellationToken cancellationToken = default)
    {
        lock (data.Gate)
        {
            return Task.FromResult<IReadOnlyList<NotificationBacklog>>(data.Notifications.Values
                .Where(n => n.State != NotificationState.Delivered)
                .GroupBy(n => n.SubscriptionId)
                .Select(g => new NotificationBacklog(
                    g.Key,
                    g.Count(n => n.State == NotificationState.Pending),
                    g.Count(n => n.State == NotificationState.Parked),
                    g.Where(n => n.State == NotificationState.Pending).Select(n => (DateTimeOffset?)n.CreatedAt).Min()))
                .OrderBy(b => b.SubscriptionId.ToString("D"), StringComparer.Ordinal) // the relational stores' order (text; uuid)
                .ToList());
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset deliveredBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (data.Gate)
        {
            var old = data.Notifications.Values
                .Where(n => n.State == NotificationState.Delivered && n.DeliveredAt < deliveredBefore)
                .OrderBy(n => n.DeliveredAt).ThenBy(n => n.Position)
                .Take(maxCount)
                .Select(n => (n.SubscriptionId, n.EventId))
                .ToList();
            old.ForEach(key => data.Notifications.Remove(key));
            return Task.FromResult(old.Count);
        }
    }

    private static OutboundNotification AsNew(OutboundNotification n, long position) => n with
    {
        Position = position,
        State = NotificationState.Pending,
        Attempts = 0,
        DeliveredAt = null,
        LastError = null,
        LastStatus = null,
        LeaseOwner = null,
        LeaseToken = 0,
        LeaseExpiresAt = null,
    };

    // Only the current claim settles: the same token and owner, still pending (a failed or parked one has no owner).
    private Task<bool> Settle(OutboundNotification claimed, Func<DateTimeOffset, Func<OutboundNotification, OutboundNotification>> change)
    {
        lock (data.Gate)
        {
            var key = (claimed.SubscriptionId, claimed.EventId);
            if (claimed.LeaseOwner is null || !data.Notifications.TryGetValue(key, out var current) || current.State != NotificationState.Pending
                || current.LeaseToken != claimed.LeaseToken || !string.Equals(current.LeaseOwner, claimed.LeaseOwner, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            data.Notifications[key] = change(timeProvider.GetUtcNow())(current);
            return Task.FromResult(true);
        }
    }
}
