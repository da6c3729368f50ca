namespace FibreCafe.Operations;

/// <summary>
/// Every default and limit of <see cref="FibreCafeOperationsOptions"/> in one place, used by the initializers, the
/// validator and the docs alike.
/// </summary>
public static class OperationsConstants
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "FibreCafe:Operations";

    /// <summary>The path the samples and the docs mount the page at.</summary>
    public const string DefaultMountPath = "/fibrecafe";

    /// <summary>Rows on one page of a list when none is configured.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>The fewest rows a page may be configured to show.</summary>
    public const int MinPageSize = 5;

    /// <summary>The most rows a page may be configured to show.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The API name of the TMF641 hub's subscriptions in the subscription store (<c>Tmf641Constants.HubApi</c>).</summary>
    public const string Tmf641SubscriptionApi = "tmf641";

    /// <summary>How many hours the overview's chart of received KCIs covers.</summary>
    public const int ChartHours = 24;

    /// <summary>The most characters of a stored body the page shows; the rest is cut, and the page says so.</summary>
    public const int MaxShownBodyCharacters = 64 * 1024;
}
