using System.Globalization;
using System.Text;
using FibreCafe.Kci.Notifications;

namespace FibreCafe.Kci;

/// <summary>
/// One notification to one listener, kept by the <see cref="INotificationOutbox"/> until it is delivered or given up on.
/// Its key is (<see cref="SubscriptionId"/>, <see cref="EventId"/>): every attempt sends the same event id, so a listener
/// can tell a retry from a new event. Notifications of one subscription with one <see cref="OrderingKey"/> are delivered
/// in <see cref="Position"/> order.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> shows <see cref="Url"/> without its query string and user-info, where secrets travel, and never
/// <see cref="Body"/>.
/// </remarks>
public sealed record OutboundNotification
{
    /// <summary>Gets the event's id, the same on every attempt (and for every listener of the event).</summary>
    public required Guid EventId { get; init; }

    /// <summary>Gets the subscription the notification is for.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>
    /// Gets what the notification is ordered by, e.g. <c>cancelServiceOrder:&lt;id&gt;</c>: of one subscription's
    /// notifications with one key, only the oldest pending one is delivered at a time.
    /// </summary>
    public required string OrderingKey { get; init; }

    /// <summary>Gets where the notification is in the outbox, given by the store when it is enqueued (increasing); 0 before.</summary>
    public long Position { get; init; }

    /// <summary>Gets the event's type, e.g. <c>CancelServiceOrderStateChangeEvent</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets where the notification is delivered (the subscription's callback, as it was when the event happened).</summary>
    public required string Url { get; init; }

    /// <summary>Gets the body delivered (JSON), stored as given.</summary>
    public required string Body { get; init; }

    /// <summary>Gets where the notification is in its delivery.</summary>
    public NotificationState State { get; init; }

    /// <summary>Gets how many attempts to deliver it ended, the successful one included.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when it is due (next), while <see cref="NotificationState.Pending"/>.</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Gets when it was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Gets what the latest failed attempt said.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets the HTTP status of the latest answer, if one came.</summary>
    public int? LastStatus { get; init; }

    /// <summary>Gets who holds the notification while it is delivered (<see cref="INotificationOutbox.ClaimDueAsync"/>); <see langword="null"/> otherwise.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Gets the fencing token: it grows with every claim, and only the holder of the current one may complete or fail the attempt.</summary>
    public long LeaseToken { get; init; }

    /// <summary>Gets when the current lease ends; another instance may then claim the notification again.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("EventId = ").Append(EventId)
            .Append(", SubscriptionId = ").Append(SubscriptionId)
            .Append(", OrderingKey = ").Append(OrderingKey)
            .Append(", Position = ").Append(Position.ToString(CultureInfo.InvariantCulture))
            .Append(", EventType = ").Append(EventType)
            .Append(", Url = ").Append(NotificationText.WithoutSecrets(Url))
            .Append(", Body = (").Append((Body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)).Append(" characters)")
            .Append(", State = ").Append(State)
            .Append(", Attempts = ").Append(Attempts.ToString(CultureInfo.InvariantCulture))
            .Append(", NextAttemptAt = ").Append(Time(NextAttemptAt))
            .Append(", CreatedAt = ").Append(Time(CreatedAt))
            .Append(", DeliveredAt = ").Append(Time(DeliveredAt))
            .Append(", LastError = ").Append(LastError)
            .Append(", LastStatus = ").Append(LastStatus?.ToString(CultureInfo.InvariantCulture))
            .Append(", LeaseOwner = ").Append(LeaseOwner)
            .Append(", LeaseToken = ").Append(LeaseToken.ToString(CultureInfo.InvariantCulture))
            .Append(", LeaseExpiresAt = ").Append(Time(LeaseExpiresAt));
        return true;
    }

    private static string? Time(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);
}
