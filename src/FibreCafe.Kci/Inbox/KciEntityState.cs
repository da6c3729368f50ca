namespace FibreCafe.Kci;

/// <summary>
/// The newest KCI applied for one entity: stale KCIs (a lower <see cref="SequenceNumber"/>) never
/// move the recorded state back.
/// </summary>
/// <param name="EntityKey">The entity, e.g. <c>PROVIDE_ORDER:12345</c>.</param>
/// <param name="SequenceNumber">The highest sequence number applied.</param>
/// <param name="KciId">The KCI that carried it.</param>
/// <param name="Status">The entity status it reported, when it had one.</param>
/// <param name="UpdatedAt">When it was applied.</param>
public sealed record KciEntityState(string EntityKey, long SequenceNumber, Guid KciId, string? Status, DateTimeOffset UpdatedAt);
