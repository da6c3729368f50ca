namespace FibreCafe.Kci;

/// <summary>How soon a due request is sent, as CRM.COM's provisioning requests have it (<c>REGULAR</c> or <c>EXPRESS</c>).</summary>
public enum CancellationRequestPriority
{
    /// <summary>Sent in due order.</summary>
    Regular = 0,

    /// <summary>Sent ahead of every regular request that is due.</summary>
    Express = 1,
}
