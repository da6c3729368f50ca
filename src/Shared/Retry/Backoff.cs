namespace FibreCafe.Shared;

/// <summary>
/// The one back-off of every retry loop here (the KCI dispatcher, the processing run, the TMF641 delivery):
/// <c>baseDelay × 2^(failures − 1)</c>, at most <c>maxDelay</c>. Deterministic, so an operator can tell when the next
/// try is. Compiled into each package that retries.
/// </summary>
internal static class Backoff
{
    /// <summary>The delay after <paramref name="failures"/> failures in a row (1 for the first).</summary>
    public static TimeSpan Delay(TimeSpan baseDelay, TimeSpan maxDelay, int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        return TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * Math.Pow(2, exponent), maxDelay.Ticks));
    }
}
