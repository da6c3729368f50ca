namespace FibreCafe.Kci;

/// <summary>
/// A filter and a page for <see cref="IKciInbox.SearchAsync"/>: entries newest first (by arrival), narrowed by state,
/// entity and time of receipt. Every filter left <see langword="null"/> matches everything.
/// </summary>
public sealed record KciInboxQuery
{
    /// <summary>The page size when none is given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>Gets the state to list, or <see langword="null"/> for every state.</summary>
    public KciInboxStatus? Status { get; init; }

    /// <summary>Gets the entity type, e.g. <see cref="KciEntityType.CeaseOrder"/>, or <see langword="null"/> for every type.</summary>
    public KciEntityType? EntityType { get; init; }

    /// <summary>
    /// Gets the entity's own id (an order, service problem or service test id), or <see langword="null"/> for every
    /// entity. Without <see cref="EntityType"/> it matches that id under each of <see cref="KciEntityType.KnownValues"/>.
    /// </summary>
    public string? EntityId { get; init; }

    /// <summary>Gets the earliest time of receipt to list (inclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? ReceivedFrom { get; init; }

    /// <summary>Gets the time of receipt to list before (exclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? ReceivedBefore { get; init; }

    /// <summary>Gets how many matching entries to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Gets how many to return at most, from 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Throws when the query cannot be answered.</summary>
    /// <exception cref="ArgumentException"><see cref="EntityId"/> is blank or holds a <c>:</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Offset"/> or <see cref="Limit"/> is out of range.</exception>
    public void Validate()
    {
        if (EntityId is not null && (string.IsNullOrWhiteSpace(EntityId) || EntityId.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("EntityId must not be blank nor hold ':'.", nameof(EntityId));
        }

        PageBounds.Validate(Offset, Limit, MaxLimit);
    }

    /// <summary>Gets whether an entry passes every filter of this query (paging aside).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(KciInboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Status is null || entry.Status == Status)
            && (ReceivedFrom is null || entry.ReceivedAt >= ReceivedFrom)
            && (ReceivedBefore is null || entry.ReceivedAt < ReceivedBefore)
            && (EntityKeys() is not { } keys || keys.Contains(entry.EntityKey, StringComparer.Ordinal))
            && (EntityKeyPrefix() is not { } prefix || entry.EntityKey.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The exact entity keys an <see cref="EntityId"/> filter stands for, or <see langword="null"/> without one.</summary>
    internal IReadOnlyList<string>? EntityKeys() =>
        EntityId is null ? null
        : EntityType is { } type ? [$"{type.Value}:{EntityId}"]
        : KciEntityType.KnownValues.Select(t => $"{t.Value}:{EntityId}").ToList();

    /// <summary>The key prefix an <see cref="EntityType"/> filter without an id stands for, or <see langword="null"/>.</summary>
    internal string? EntityKeyPrefix() => EntityId is null && EntityType is { } type ? type.Value + ":" : null;
}
