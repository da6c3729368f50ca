namespace FibreCafe.Kci;

/// <summary>The outcome of <see cref="IKciInbox.AddAsync"/>.</summary>
public enum KciInboxAddResult
{
    /// <summary>The KCI was stored for the first time.</summary>
    Added = 0,

    /// <summary>A KCI with the same id was already stored; nothing changed.</summary>
    Duplicate = 1,
}
