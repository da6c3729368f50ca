namespace FibreCafe.Storage.Shared;

/// <summary>The bounds of a store's <c>DoneRetention</c> and <c>CleanupInterval</c>, checked when the host starts.</summary>
internal static class KciRetentionLimits
{
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinimumCleanupInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaximumCleanupInterval = TimeSpan.FromDays(1);

    /// <summary>Adds a message naming the key (<paramref name="storeKey"/><c>:DoneRetention</c>, …) for each value out of range.</summary>
    public static void Validate(string storeKey, TimeSpan doneRetention, TimeSpan cleanupInterval, List<string> failures)
    {
        if (doneRetention < MinimumRetention)
        {
            failures.Add($"{storeKey}:DoneRetention must be at least {MinimumRetention} (was {doneRetention}).");
        }

        if (cleanupInterval != TimeSpan.Zero && (cleanupInterval < MinimumCleanupInterval || cleanupInterval > MaximumCleanupInterval))
        {
            failures.Add($"{storeKey}:CleanupInterval must be 00:00:00 (off) or from {MinimumCleanupInterval} to {MaximumCleanupInterval} (was {cleanupInterval}).");
        }
    }
}
