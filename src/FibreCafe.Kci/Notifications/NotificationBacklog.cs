namespace FibreCafe.Kci;

/// <summary>What one subscription has not had delivered (<see cref="INotificationOutbox.GetBacklogAsync"/>).</summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="Pending">How many of its notifications wait to be delivered.</param>
/// <param name="Parked">How many were given up on.</param>
/// <param name="OldestPendingAt">When the oldest pending one was made (<see cref="OutboundNotification.CreatedAt"/>); <see langword="null"/> when none is pending.</param>
public sealed record NotificationBacklog(Guid SubscriptionId, int Pending, int Parked, DateTimeOffset? OldestPendingAt);
