namespace FibreCafe.Kci;

/// <summary>One page of <see cref="ICancellationRequestStore.ListAsync"/>.</summary>
/// <param name="Items">The requests on the page, newest first.</param>
/// <param name="Total">How many requests match the filter, on every page.</param>
public sealed record CancellationRequestPage(IReadOnlyList<CancellationRequest> Items, int Total);
