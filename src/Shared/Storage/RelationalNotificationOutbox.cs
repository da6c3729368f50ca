using System.Globalization;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Shared;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// The <see cref="INotificationOutbox"/> of every relational store. An enqueue locks the rows of the subscriptions it
/// enqueues for (PostgreSQL <c>FOR UPDATE</c>, in id order; SQLite's one writer excludes every other write anyway), which
/// keeps a removal from leaving notifications behind and makes the enqueues of one subscription take turns, so positions
/// follow the order in which they commit. A claim locks the due rows it takes <c>FOR UPDATE SKIP LOCKED</c>, so instances
/// sharing a PostgreSQL database never take one notification twice; completions and failures change a row only while its
/// lease token and owner are the caller's. The store's clock is the database's where the dialect has one (PostgreSQL),
/// else the host's.
/// </summary>
internal sealed class RelationalNotificationOutbox(IStoreDatabase database, TimeProvider timeProvider) : INotificationOutbox
{
    public Task<int> EnqueueAsync(IReadOnlyList<OutboundNotification> notifications, NotificationCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Enqueue(notifications, checkpoint);
        return database.WriteAsync(async session =>
        {
            var known = new HashSet<Guid>();
            foreach (var id in notifications.Select(n => n.SubscriptionId).Distinct().Order())
            {
                var found = await session.QueryAsync(
                    NotificationSql.LockSubscription + session.Dialect.LockRows + ";", r => r.Id("id"), cancellationToken, ("@id", session.Dialect.Id(id))).ConfigureAwait(false);
                known.UnionWith(found);
            }

            var added = 0;
            foreach (var notification in notifications.Where(n => known.Contains(n.SubscriptionId)))
            {
                added += await session.ExecuteAsync(NotificationSql.Insert, cancellationToken, NotificationRows.Parameters(notification, session.Dialect)).ConfigureAwait(false);
            }

            if (checkpoint is not null)
            {
                var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
                await session.ExecuteAsync(
                    NotificationSql.UpsertCheckpoint, cancellationToken,
                    ("@name", checkpoint.Name), ("@value", checkpoint.Value), ("@at", session.Dialect.Time(now))).ConfigureAwait(false);
            }

            return added;
        }, cancellationToken);
    }

    public Task<string?> GetCheckpointAsync(string name, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Require(name, nameof(name));
        return database.ReadAsync(
            async session => (string?)await session.ScalarAsync(NotificationSql.Checkpoint, cancellationToken, ("@name", name)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<OutboundNotification>> ClaimDueAsync(string owner, TimeSpan leaseDuration, int maxCount, IReadOnlyCollection<Guid>? excludedSubscriptions = null, CancellationToken cancellationToken = default)
    {
        NotificationChecks.Require(owner, nameof(owner));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.WriteAsync<IReadOnlyList<OutboundNotification>>(async session =>
        {
            var dialect = session.Dialect;
            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            var until = dialect.Precise(now + leaseDuration);
            // The excluded subscriptions as bound parameters, one each (a deliverer excludes a handful at most).
            var excluded = (excludedSubscriptions ?? []).Distinct().Select((id, i) => ($"@x{i}", (object?)dialect.Id(id))).ToList();
            var sql = NotificationSql.Due(excluded.Count == 0 ? string.Empty : $" AND n.subscription_id NOT IN ({string.Join(", ", excluded.Select(x => x.Item1))})");
            var due = await session.QueryAsync(
                sql + dialect.SkipLockedRows + ";", NotificationRows.Read, cancellationToken,
                [("@now", dialect.Time(now)), ("@max", maxCount), .. excluded]).ConfigureAwait(false);
            var leased = new List<OutboundNotification>(due.Count);
            foreach (var notification in due)
            {
                var claimed = notification with { LeaseOwner = owner, LeaseExpiresAt = until, LeaseToken = notification.LeaseToken + 1 };
                await session.ExecuteAsync(
                    NotificationSql.Lease, cancellationToken,
                    ("@owner", owner), ("@until", dialect.Time(until)), ("@token", claimed.LeaseToken), ("@position", claimed.Position)).ConfigureAwait(false);
                leased.Add(claimed);
            }

            return leased;
        }, cancellationToken);
    }

    public Task<bool> CompleteAsync(OutboundNotification claimed, int? status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        if (claimed.LeaseOwner is null)
        {
            return Task.FromResult(false); // never claimed: no claim to settle
        }

        return database.WriteAsync(async session =>
        {
            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            return await session.ExecuteAsync(
                NotificationSql.Complete, cancellationToken,
                [.. NotificationRows.Claim(claimed, session.Dialect), ("@now", session.Dialect.Time(now)), ("@status", status)]).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }

    public Task<bool> FailAsync(OutboundNotification claimed, string error, int? status, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        NotificationChecks.Require(error, nameof(error));
        if (claimed.LeaseOwner is null)
        {
            return Task.FromResult(false);
        }

        return database.WriteAsync(async session =>
        {
            (string, object?)[] parameters = [.. NotificationRows.Claim(claimed, session.Dialect), ("@error", error), ("@status", status)];
            var changed = retryAt is { } at
                ? await session.ExecuteAsync(NotificationSql.FailAndRetry, cancellationToken, [.. parameters, ("@retryAt", session.Dialect.Time(at))]).ConfigureAwait(false)
                : await session.ExecuteAsync(NotificationSql.FailAndPark, cancellationToken, parameters).ConfigureAwait(false);
            return changed == 1;
        }, cancellationToken);
    }

    public Task<bool> ReleaseAsync(OutboundNotification claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        if (claimed.LeaseOwner is null)
        {
            return Task.FromResult(false);
        }

        return database.WriteAsync(
            async session => await session.ExecuteAsync(NotificationSql.Release, cancellationToken, NotificationRows.Claim(claimed, session.Dialect)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public Task<bool> RetryAsync(Guid subscriptionId, Guid eventId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async session =>
        {
            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            return await session.ExecuteAsync(
                NotificationSql.Retry, cancellationToken,
                ("@subscriptionId", session.Dialect.Id(subscriptionId)), ("@eventId", session.Dialect.Id(eventId)), ("@now", session.Dialect.Time(now))).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task<NotificationPage> ListAsync(NotificationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return database.ReadAsync(async session =>
        {
            var where = new StringBuilder();
            var parameters = new List<(string, object?)>();
            if (query.SubscriptionId is { } subscription)
            {
                where.Append(" WHERE subscription_id = @subscriptionId");
                parameters.Add(("@subscriptionId", session.Dialect.Id(subscription)));
            }

            if (query.State is { } state)
            {
                where.Append(where.Length == 0 ? " WHERE " : " AND ").Append("state = @state");
                parameters.Add(("@state", session.Dialect.Small((int)state)));
            }

            var total = await session.ScalarAsync($"SELECT COUNT(*) FROM outbound_notifications{where};", cancellationToken, [.. parameters]).ConfigureAwait(false);
            parameters.Add(("@limit", query.Limit));
            parameters.Add(("@offset", query.Offset));
            var items = await session.QueryAsync(
                $"SELECT * FROM outbound_notifications{where} ORDER BY position DESC LIMIT @limit OFFSET @offset;", NotificationRows.Read, cancellationToken, [.. parameters]).ConfigureAwait(false);
            return new NotificationPage(items, Convert.ToInt32(total, CultureInfo.InvariantCulture));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<NotificationBacklog>> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<NotificationBacklog>>(
            async session => await session.QueryAsync(NotificationSql.Backlog, NotificationRows.ReadBacklog, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset deliveredBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.WriteAsync(
            session => session.ExecuteAsync(
                NotificationSql.PurgeHead + session.Dialect.SkipLockedRows + ");", cancellationToken,
                ("@before", session.Dialect.Time(deliveredBefore)), ("@max", maxCount)),
            cancellationToken);
    }

    private async Task<DateTimeOffset> NowAsync(StoreSession session, CancellationToken cancellationToken) =>
        session.Dialect.Precise(session.Dialect.ClockSql is { } clock
            ? session.Dialect.ToTime(await session.ScalarAsync(clock, cancellationToken).ConfigureAwait(false))
            : timeProvider.GetUtcNow());
}
