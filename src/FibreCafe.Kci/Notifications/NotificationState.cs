namespace FibreCafe.Kci;

/// <summary>Where an <see cref="OutboundNotification"/> is in its delivery; stored as its number.</summary>
public enum NotificationState
{
    /// <summary>Waiting to be delivered, for the first time or again after a failure.</summary>
    Pending = 0,

    /// <summary>Delivered: the listener answered with success.</summary>
    Delivered = 1,

    /// <summary>Given up on after its attempts, until an operator retries it (<see cref="INotificationOutbox.RetryAsync"/>); it holds back the later notifications of its subscription and key.</summary>
    Parked = 2,
}
