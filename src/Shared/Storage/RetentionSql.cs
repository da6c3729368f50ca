namespace FibreCafe.Storage.Shared;

/// <summary>
/// The retention SQL of a dialect, and which of the two deletions it takes (see <see cref="KciRetentionService"/>).
/// </summary>
/// <param name="Delete">
/// Paged: the delete of the done rows of one page (<c>@after</c>, <c>@last</c> positions) completed before <c>@cutoff</c>.
/// Batched: the delete of up to <c>@batch</c> done rows completed before <c>@cutoff</c>, skipping rows others are deleting.
/// </param>
/// <param name="Page">
/// Paged only (a store without an index on the completion time): the next <c>@page</c> done rows after position
/// <c>@after</c>, in arrival order, with <c>position</c>, <c>completed_at</c> and <c>received_at</c>; <see langword="null"/> for batched.
/// </param>
internal sealed record RetentionSql(string Delete, string? Page = null);
