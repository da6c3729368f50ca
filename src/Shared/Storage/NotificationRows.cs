using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>How an <see cref="EventSubscription"/> and an <see cref="OutboundNotification"/> map to their rows (<see cref="NotificationSql"/>).</summary>
internal static class NotificationRows
{
    public static (string, object?)[] Parameters(EventSubscription s, StoreDialect d) =>
    [
        ("@id", d.Id(s.Id)),
        ("@api", s.Api),
        ("@callback", s.Callback),
        ("@query", s.Query),
        ("@createdAt", d.Time(s.CreatedAt)),
    ];

    /// <summary>A notification as it is enqueued: its key, what it carries and when it is due; the rest starts afresh.</summary>
    public static (string, object?)[] Parameters(OutboundNotification n, StoreDialect d) =>
    [
        ("@subscriptionId", d.Id(n.SubscriptionId)),
        ("@eventId", d.Id(n.EventId)),
        ("@orderingKey", n.OrderingKey),
        ("@eventType", n.EventType),
        ("@url", n.Url),
        ("@body", n.Body),
        ("@nextAttemptAt", d.Time(n.NextAttemptAt)),
        ("@createdAt", d.Time(n.CreatedAt)),
    ];

    /// <summary>What identifies the current claim of a notification (<c>CurrentClaim</c> in <see cref="NotificationSql"/>).</summary>
    public static (string, object?)[] Claim(OutboundNotification n, StoreDialect d) =>
    [
        ("@subscriptionId", d.Id(n.SubscriptionId)),
        ("@eventId", d.Id(n.EventId)),
        ("@token", n.LeaseToken),
        ("@owner", n.LeaseOwner),
    ];

    public static EventSubscription ReadSubscription(StoreRow r) => new()
    {
        Id = r.Id("id"),
        Api = r.Text("api"),
        Callback = r.Text("callback"),
        Query = r.TextOrNull("query"),
        CreatedAt = r.Time("created_at"),
    };

    public static OutboundNotification Read(StoreRow r) => new()
    {
        EventId = r.Id("event_id"),
        SubscriptionId = r.Id("subscription_id"),
        OrderingKey = r.Text("ordering_key"),
        Position = r.Long("position"),
        EventType = r.Text("event_type"),
        Url = r.Text("url"),
        Body = r.Text("body"),
        State = (NotificationState)r.Int("state"),
        Attempts = r.Int("attempts"),
        NextAttemptAt = r.Time("next_attempt_at"),
        CreatedAt = r.Time("created_at"),
        DeliveredAt = r.TimeOrNull("delivered_at"),
        LastError = r.TextOrNull("last_error"),
        LastStatus = r.IntOrNull("last_status"),
        LeaseOwner = r.TextOrNull("lease_owner"),
        LeaseToken = r.Long("lease_token"),
        LeaseExpiresAt = r.TimeOrNull("lease_expires_at"),
    };

    public static NotificationBacklog ReadBacklog(StoreRow r) =>
        new(r.Id("subscription_id"), r.Int("pending"), r.Int("parked"), r.TimeOrNull("oldest_pending_at"));
}
