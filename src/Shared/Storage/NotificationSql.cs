namespace FibreCafe.Storage.Shared;

/// <summary>
/// The SQL of <see cref="RelationalEventSubscriptionStore"/> and <see cref="RelationalNotificationOutbox"/>, the same for
/// both databases except for the row locks (<see cref="StoreDialect.LockRows"/>, <see cref="StoreDialect.SkipLockedRows"/>).
/// Parameters are always bound, and every statement's text is fixed (the SQLite writer keeps one prepared command per text).
/// </summary>
internal static class NotificationSql
{
    // NotificationState as stored (its number), for the SQL below.
    private const string Pending = "0";
    private const string Delivered = "1";
    private const string Parked = "2";

    public const string InsertSubscription =
        "INSERT INTO event_subscriptions (id, api, callback, query, created_at) VALUES (@id, @api, @callback, @query, @createdAt) ON CONFLICT (id) DO NOTHING;";

    public const string SubscriptionById = "SELECT * FROM event_subscriptions WHERE id = @id;";

    public const string SubscriptionsOfApi = "SELECT * FROM event_subscriptions WHERE api = @api ORDER BY created_at, position;";

    /// <summary>Locks a subscription against its removal while notifications are enqueued for it (PostgreSQL), and tells whether it exists.</summary>
    public const string LockSubscription = "SELECT id FROM event_subscriptions WHERE id = @id";

    public const string DeleteSubscription = "DELETE FROM event_subscriptions WHERE id = @id;";

    /// <summary>What removing a subscription deletes with it: its undelivered notifications (<c>state &lt;&gt; 1</c> is the backlog index's).</summary>
    public const string DeleteUndelivered = $"DELETE FROM outbound_notifications WHERE subscription_id = @id AND state <> {Delivered};";

    /// <summary>A new notification, pending; one whose key is stored already inserts nothing.</summary>
    public const string Insert = $"""
        INSERT INTO outbound_notifications (subscription_id, event_id, ordering_key, event_type, url, body, state, attempts, next_attempt_at, created_at, lease_token)
        VALUES (@subscriptionId, @eventId, @orderingKey, @eventType, @url, @body, {Pending}, 0, @nextAttemptAt, @createdAt, 0)
        ON CONFLICT (subscription_id, event_id) DO NOTHING;
        """;

    public const string UpsertCheckpoint = """
        INSERT INTO notification_checkpoints (name, value, updated_at) VALUES (@name, @value, @at)
        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
        """;

    public const string Checkpoint = "SELECT value FROM notification_checkpoints WHERE name = @name;";

    /// <summary>
    /// Due pending notifications without a live lease that are the oldest undelivered one of their subscription and key
    /// (a parked one holds its key back until it is retried: in order per listener and resource), lowest position first. The scan walks ix_outbound_notifications_pending
    /// in claim order and stops at @max; the head rule probes ix_outbound_notifications_head.
    /// </summary>
    public static string Due(string excluding) => $"""
        SELECT * FROM outbound_notifications n
        WHERE n.state = {Pending} AND n.next_attempt_at <= @now AND (n.lease_expires_at IS NULL OR n.lease_expires_at <= @now){excluding}
          AND NOT EXISTS (SELECT 1 FROM outbound_notifications e
              WHERE e.subscription_id = n.subscription_id AND e.ordering_key = n.ordering_key AND e.state <> {Delivered} AND e.position < n.position)
        ORDER BY n.position
        LIMIT @max
        """;

    public const string Lease = "UPDATE outbound_notifications SET lease_owner = @owner, lease_expires_at = @until, lease_token = @token WHERE position = @position;";

    // The current claim only: the same token and owner, still pending (a failed or parked one has no owner).
    private const string CurrentClaim =
        $"subscription_id = @subscriptionId AND event_id = @eventId AND state = {Pending} AND lease_token = @token AND lease_owner = @owner";

    public const string Complete = $"""
        UPDATE outbound_notifications
        SET state = {Delivered}, attempts = attempts + 1, delivered_at = @now, last_status = @status, lease_owner = NULL, lease_expires_at = NULL
        WHERE {CurrentClaim};
        """;

    public const string FailAndRetry = $"""
        UPDATE outbound_notifications
        SET attempts = attempts + 1, next_attempt_at = @retryAt, last_error = @error, last_status = @status, lease_owner = NULL, lease_expires_at = NULL
        WHERE {CurrentClaim};
        """;

    public const string FailAndPark = $"""
        UPDATE outbound_notifications
        SET state = {Parked}, attempts = attempts + 1, last_error = @error, last_status = @status, lease_owner = NULL, lease_expires_at = NULL
        WHERE {CurrentClaim};
        """;

    public const string Release = $"UPDATE outbound_notifications SET lease_owner = NULL, lease_expires_at = NULL WHERE {CurrentClaim};";

    public const string Retry = $"UPDATE outbound_notifications SET state = {Pending}, next_attempt_at = @now WHERE subscription_id = @subscriptionId AND event_id = @eventId AND state = {Parked};";

    public const string Backlog = $"""
        SELECT subscription_id,
               SUM(CASE WHEN state = {Pending} THEN 1 ELSE 0 END) AS pending,
               SUM(CASE WHEN state = {Parked} THEN 1 ELSE 0 END) AS parked,
               MIN(CASE WHEN state = {Pending} THEN created_at END) AS oldest_pending_at
        FROM outbound_notifications WHERE state <> {Delivered}
        GROUP BY subscription_id ORDER BY subscription_id;
        """;

    /// <summary>Pending and leased, for the SQLite store's start (a previous process's leases end at once; the owner and token stay, so the next claim fences it out).</summary>
    public const string EndLeasesOfThePreviousProcess =
        $"UPDATE outbound_notifications SET lease_expires_at = 0 WHERE state = {Pending} AND lease_expires_at IS NOT NULL;";

    /// <summary>Delivered before the cut-off, oldest first; followed by the dialect's <see cref="StoreDialect.SkipLockedRows"/> and the closing parenthesis.</summary>
    public const string PurgeHead = $"""
        DELETE FROM outbound_notifications WHERE position IN (
            SELECT position FROM outbound_notifications WHERE state = {Delivered} AND delivered_at < @before ORDER BY delivered_at, position LIMIT @max
        """;
}
