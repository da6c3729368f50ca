using FibreCafe.Shared;

namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// When a failed KCI is tried again: <c>BaseDelay × 2^(attempt − 1)</c>, at most <c>MaxDelay</c>, and
/// parked once <c>MaxAttempts</c> attempts failed. Deterministic, so operators can tell when the next try is.
/// </summary>
internal static class KciRetrySchedule
{
    /// <summary>Gets when to try again after <paramref name="failedAttempts"/> failures, or <see langword="null"/> to park.</summary>
    public static DateTimeOffset? NextAttempt(KciDispatchOptions options, int failedAttempts, DateTimeOffset now)
    {
        if (failedAttempts >= options.MaxAttempts)
        {
            return null;
        }

        return now + Backoff.Delay(options.BaseDelay, options.MaxDelay, failedAttempts);
    }
}
