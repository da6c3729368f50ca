namespace FibreCafe.Kci;

/// <summary>One page of <see cref="IKciInbox.SearchAsync"/>.</summary>
/// <param name="Items">The entries on this page, newest first.</param>
/// <param name="Total">How many entries match the query in all pages.</param>
public sealed record KciInboxPage(IReadOnlyList<KciInboxEntry> Items, int Total);
