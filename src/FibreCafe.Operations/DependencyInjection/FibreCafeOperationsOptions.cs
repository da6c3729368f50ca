namespace FibreCafe.Operations;

/// <summary>
/// Options of the operations page (section <c>FibreCafe:Operations</c>). The page is read-only unless
/// <see cref="OperatePolicy"/> is set; it refuses to be mapped without <see cref="ViewPolicy"/> unless
/// <see cref="AllowAnonymousInDevelopment"/> is set and the host runs in the Development environment.
/// </summary>
public sealed class FibreCafeOperationsOptions
{
    /// <summary>
    /// Gets or sets the authorization policy a user must meet to see the pages. Required outside Development; the
    /// policy must be registered with <c>AddAuthorization</c> when the page is mapped.
    /// </summary>
    public string? ViewPolicy { get; set; }

    /// <summary>
    /// Gets or sets the policy a user must meet, besides <see cref="ViewPolicy"/>, to replay, resubmit, withdraw,
    /// reschedule and retry. Without it the page is read-only and shows no action.
    /// </summary>
    public string? OperatePolicy { get; set; }

    /// <summary>
    /// Gets or sets the policy of the JSON stats endpoint (<c>{mount}/api/stats</c>), e.g. one for a monitoring
    /// system's key; <see cref="ViewPolicy"/> when not set.
    /// </summary>
    public string? StatsPolicy { get; set; }

    /// <summary>
    /// Gets or sets whether the page may be served without <see cref="ViewPolicy"/> to anyone, in the Development
    /// environment only; mapping it elsewhere without a policy still fails.
    /// </summary>
    public bool AllowAnonymousInDevelopment { get; set; }

    /// <summary>Gets or sets the rows on one page of a list, from <see cref="OperationsConstants.MinPageSize"/> to <see cref="OperationsConstants.MaxPageSize"/>.</summary>
    public int PageSize { get; set; } = OperationsConstants.DefaultPageSize;

    /// <summary>Gets the APIs whose notification subscriptions the page lists (the TMF641 hub's by default).</summary>
    public IList<string> SubscriptionApis { get; } = [OperationsConstants.Tmf641SubscriptionApi];

    /// <summary>Gets or sets the title on every page, e.g. the retailer's name for the environment.</summary>
    public string Title { get; set; } = "Fibre Cafe operations";
}
