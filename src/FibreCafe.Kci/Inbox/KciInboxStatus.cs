namespace FibreCafe.Kci;

/// <summary>Where a KCI stands in the inbox.</summary>
public enum KciInboxStatus
{
    /// <summary>Stored and acknowledged; waiting to be dispatched, or to be retried.</summary>
    Pending = 0,

    /// <summary>Dispatched: every handler succeeded.</summary>
    Done = 1,

    /// <summary>Handlers failed on every allowed attempt; kept for inspection and <see cref="IKciInbox.ReplayAsync"/>.</summary>
    Parked = 2,
}
