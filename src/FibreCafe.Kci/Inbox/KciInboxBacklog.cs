namespace FibreCafe.Kci;

/// <summary>
/// The inbox entries that are not done: what a health check or a monitoring poll asks for. Counting it costs in
/// proportion to the backlog, not to the done entries retention keeps (see <see cref="IKciInbox.GetBacklogAsync"/>).
/// </summary>
/// <param name="Pending">Entries waiting to be dispatched or retried.</param>
/// <param name="Parked">Entries that need an operator (see <see cref="IKciInbox.ReplayAsync"/>).</param>
public sealed record KciInboxBacklog(long Pending, long Parked)
{
    /// <summary>Gets when the oldest pending entry was received, or <see langword="null"/> when none is pending.</summary>
    public DateTimeOffset? OldestPendingReceivedAt { get; init; }
}
