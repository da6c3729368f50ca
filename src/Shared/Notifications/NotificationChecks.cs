using FibreCafe.Kci;

namespace FibreCafe.Shared;

/// <summary>
/// The checks of the notification stores' arguments, made before anything is written: one copy, compiled into
/// FibreCafe.Kci (the in-memory stores) and into each relational store, so that every store refuses the same input alike.
/// </summary>
internal static class NotificationChecks
{
    /// <summary>The checks of <see cref="INotificationOutbox.EnqueueAsync"/>.</summary>
    public static void Enqueue(IReadOnlyList<OutboundNotification> notifications, NotificationCheckpoint? checkpoint)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        foreach (var n in notifications)
        {
            ArgumentNullException.ThrowIfNull(n, nameof(notifications));
            Require(n.OrderingKey, nameof(n.OrderingKey));
            Require(n.EventType, nameof(n.EventType));
            Require(n.Url, nameof(n.Url));
            Require(n.Body, nameof(n.Body));
        }

        if (checkpoint is not null)
        {
            Require(checkpoint.Name, nameof(checkpoint.Name));
            Require(checkpoint.Value, nameof(checkpoint.Value));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> (<see cref="ArgumentNullException"/> for null) naming the property when a required string is null, empty or blank.</summary>
    public static void Require(string? value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name, $"{name} is required.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty or blank.", name);
        }
    }
}
