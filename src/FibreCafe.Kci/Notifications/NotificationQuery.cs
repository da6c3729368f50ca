namespace FibreCafe.Kci;

/// <summary>A filter and a page for <see cref="INotificationOutbox.ListAsync"/>; the result is newest first (by position).</summary>
public sealed record NotificationQuery
{
    /// <summary>The page size when none is given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 500;

    /// <summary>Gets the subscription to include; <see langword="null"/> for all.</summary>
    public Guid? SubscriptionId { get; init; }

    /// <summary>Gets the state to include; <see langword="null"/> for all.</summary>
    public NotificationState? State { get; init; }

    /// <summary>Gets how many matching notifications to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Gets how many to return at most, from 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Throws when <see cref="Offset"/> or <see cref="Limit"/> is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the property.</exception>
    public void Validate() => PageBounds.Validate(Offset, Limit, MaxLimit);
}
