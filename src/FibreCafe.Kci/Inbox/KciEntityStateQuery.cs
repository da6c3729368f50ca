namespace FibreCafe.Kci;

/// <summary>A filter and a page for <see cref="IKciInbox.ListEntityStatesAsync"/>: the entities of some types, most recently updated first.</summary>
public sealed record KciEntityStateQuery
{
    /// <summary>The page size when none is given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>Gets the entity types to list, e.g. <c>PROVIDE_ORDER</c>; at least one.</summary>
    public required IReadOnlyList<string> EntityTypes { get; init; }

    /// <summary>Gets how many matching entities to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Gets how many to return at most, from 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Throws when the query cannot be answered.</summary>
    /// <exception cref="ArgumentException"><see cref="EntityTypes"/> is empty or holds a blank type.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Offset"/> or <see cref="Limit"/> is out of range.</exception>
    public void Validate()
    {
        if (EntityTypes is null || EntityTypes.Count == 0 || EntityTypes.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("EntityTypes must name at least one entity type, none blank.", nameof(EntityTypes));
        }

        PageBounds.Validate(Offset, Limit, MaxLimit);
    }

    /// <summary>Gets whether an entity key (<c>TYPE:id</c>) is of one of the types.</summary>
    /// <param name="entityKey">The key.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(string entityKey) =>
        EntityTypes.Any(t => entityKey.Length > t.Length && entityKey[t.Length] == ':' && entityKey.StartsWith(t, StringComparison.Ordinal));
}
