namespace FibreCafe.Kci.Dispatch;

/// <summary>The <see cref="IKciReplayer"/> of a receiver: the store's replay, then this process's dispatch signal.</summary>
internal sealed class KciReplayer(IKciInbox inbox, KciDispatchSignal signal) : IKciReplayer
{
    public async Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default)
    {
        if (!await inbox.ReplayAsync(kciId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        signal.Notify();
        return true;
    }
}
