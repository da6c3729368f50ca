namespace FibreCafe.Kci;

/// <summary>One page of <see cref="IKciInbox.ListEntityStatesAsync"/>.</summary>
/// <param name="Items">The entities on the page, most recently updated first.</param>
/// <param name="Total">How many entities match, on every page.</param>
public sealed record KciEntityStatePage(IReadOnlyList<KciEntityState> Items, int Total);
