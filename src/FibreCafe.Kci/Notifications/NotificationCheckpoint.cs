namespace FibreCafe.Kci;

/// <summary>
/// A producer's cursor, written by <see cref="INotificationOutbox.EnqueueAsync"/> in the transaction of the notifications it
/// made: a producer that restarts reads it (<see cref="INotificationOutbox.GetCheckpointAsync"/>) and goes on from there.
/// </summary>
/// <param name="Name">The cursor's name, e.g. the producer's.</param>
/// <param name="Value">Its value, e.g. the last position produced from.</param>
public sealed record NotificationCheckpoint(string Name, string Value);
