namespace FibreCafe.Kci;

/// <summary>Counts by state and the oldest overdue request, for metrics and health.</summary>
public sealed record CancellationRequestStatistics
{
    /// <summary>Gets how many requests are in each state (states with none are absent).</summary>
    public required IReadOnlyDictionary<CancellationRequestState, long> Counts { get; init; }

    /// <summary>Gets the due time of the oldest request that is <see cref="CancellationRequestState.Scheduled"/> and due.</summary>
    public DateTimeOffset? OldestDueAt { get; init; }

    /// <summary>Gets the store's time when the counts were taken.</summary>
    public required DateTimeOffset MeasuredAt { get; init; }

    /// <summary>Gets how long the oldest due request has waited; zero when none is due.</summary>
    public TimeSpan OldestDueAge => OldestDueAt is { } due && due < MeasuredAt ? MeasuredAt - due : TimeSpan.Zero;

    /// <summary>Gets the count of one state.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The count, 0 when none.</returns>
    public long Count(CancellationRequestState state) => Counts.TryGetValue(state, out var n) ? n : 0;
}
