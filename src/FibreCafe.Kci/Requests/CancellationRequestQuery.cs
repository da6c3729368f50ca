namespace FibreCafe.Kci;

/// <summary>A filter and a page for <see cref="ICancellationRequestStore.ListAsync"/>; the result is newest first (by number).</summary>
public sealed record CancellationRequestQuery
{
    /// <summary>The page size when none is given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 500;

    /// <summary>Gets the states to include; <see langword="null"/> or empty for all.</summary>
    public IReadOnlyCollection<CancellationRequestState>? States { get; init; }

    /// <summary>Gets the kind to include; <see langword="null"/> for both.</summary>
    public CancellationKind? Kind { get; init; }

    /// <summary>Gets the order or problem id to include; <see langword="null"/> for all.</summary>
    public long? TargetId { get; init; }

    /// <summary>Gets the earliest <see cref="CancellationRequest.ScheduledFor"/> to include (inclusive).</summary>
    public DateTimeOffset? ScheduledFrom { get; init; }

    /// <summary>Gets the <see cref="CancellationRequest.ScheduledFor"/> to stop before (exclusive).</summary>
    public DateTimeOffset? ScheduledBefore { get; init; }

    /// <summary>Gets how many matching requests to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Gets how many to return at most, from 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Throws when <see cref="Offset"/> or <see cref="Limit"/> is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the property.</exception>
    public void Validate() => PageBounds.Validate(Offset, Limit, MaxLimit);
}
