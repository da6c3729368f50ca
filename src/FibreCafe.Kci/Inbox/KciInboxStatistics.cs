namespace FibreCafe.Kci;

/// <summary>How many inbox entries are in each state.</summary>
/// <param name="Pending">Entries waiting to be dispatched or retried.</param>
/// <param name="Parked">Entries that need an operator (see <see cref="IKciInbox.ReplayAsync"/>).</param>
/// <param name="Done">Entries dispatched.</param>
public sealed record KciInboxStatistics(long Pending, long Parked, long Done);
