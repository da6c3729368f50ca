namespace FibreCafe.Kci;

/// <summary>What the cancellation life cycle allows for a reported status, and what <see cref="ICancellationLedger.ApplyAsync"/> did.</summary>
public enum CancellationTransition
{
    /// <summary>The ledger did not know the cancellation; it is now recorded with the new status.</summary>
    Created = 0,

    /// <summary>The status moved forward.</summary>
    Advanced = 1,

    /// <summary>The status was already the new one.</summary>
    Unchanged = 2,

    /// <summary>
    /// The change was refused: the cancellation is already terminal, the new status is behind the current
    /// one (a stale KCI), or the new status is not one this library knows.
    /// </summary>
    Refused = 3,
}
