namespace FibreCafe.Kci;

/// <summary>One page of <see cref="INotificationOutbox.ListAsync"/>.</summary>
/// <param name="Items">The notifications on the page, newest first (by <see cref="OutboundNotification.Position"/>).</param>
/// <param name="Total">How many notifications match the filter, on every page.</param>
public sealed record NotificationPage(IReadOnlyList<OutboundNotification> Items, int Total);
