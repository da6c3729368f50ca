using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>Checks the retention keys every store has, against the bounds <see cref="KciStoreOptions"/> names.</summary>
internal static class KciRetentionValidation
{
    /// <summary>Adds a message naming the key (<paramref name="storeKey"/><c>:DoneRetention</c>, …) for each value out of range.</summary>
    public static void Validate(string storeKey, KciStoreOptions options, List<string> failures)
    {
        if (options.DoneRetention < KciStoreOptions.MinDoneRetention)
        {
            failures.Add($"{storeKey}:DoneRetention must be at least {KciStoreOptions.MinDoneRetention} (was {options.DoneRetention}).");
        }

        var states = options.EntityStateRetention;
        if (states != Timeout.InfiniteTimeSpan && states < options.DoneRetention)
        {
            failures.Add(
                $"{storeKey}:EntityStateRetention must be at least DoneRetention ({options.DoneRetention}), or -00:00:00.001 (Timeout.InfiniteTimeSpan) to keep entity states for good (was {states}).");
        }

        var interval = options.CleanupInterval;
        if (interval != TimeSpan.Zero && (interval < KciStoreOptions.MinCleanupInterval || interval > KciStoreOptions.MaxCleanupInterval))
        {
            failures.Add(
                $"{storeKey}:CleanupInterval must be 00:00:00 (off) or from {KciStoreOptions.MinCleanupInterval} to {KciStoreOptions.MaxCleanupInterval} (was {interval}).");
        }
    }
}
