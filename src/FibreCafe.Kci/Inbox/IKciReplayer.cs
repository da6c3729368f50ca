namespace FibreCafe.Kci;

/// <summary>
/// Replays a parked KCI for an operator: <see cref="IKciInbox.ReplayAsync"/>, then wakes this process's dispatcher so
/// the entry is tried at once rather than at its next poll. Registered by <c>AddFibreCafeKciReceiver</c>.
/// </summary>
public interface IKciReplayer
{
    /// <summary>Makes a parked entry pending again with a fresh retry budget and wakes the dispatcher.</summary>
    /// <param name="kciId">The KCI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when no parked entry has that id.</returns>
    Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default);
}
