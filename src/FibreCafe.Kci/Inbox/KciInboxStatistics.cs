namespace FibreCafe.Kci;

/// <summary>How many inbox entries are in each state.</summary>
/// <param name="Pending">Entries waiting to be dispatched or retried.</param>
/// <param name="Parked">Entries that need an operator (see <see cref="IKciInbox.ReplayAsync"/>).</param>
/// <param name="Done">Entries dispatched.</param>
public sealed record KciInboxStatistics(long Pending, long Parked, long Done)
{
    /// <summary>Gets when the oldest pending entry was received, or <see langword="null"/> when none is pending.</summary>
    public DateTimeOffset? OldestPendingReceivedAt { get; init; }

    /// <summary>Gets the backlog these counts contain (all but the done entries).</summary>
    public KciInboxBacklog Backlog => new(Pending, Parked) { OldestPendingReceivedAt = OldestPendingReceivedAt };
}
