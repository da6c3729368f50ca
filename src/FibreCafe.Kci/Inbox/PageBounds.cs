namespace FibreCafe.Kci;

/// <summary>The one check of a page's <c>Offset</c> and <c>Limit</c>, shared by every list query of the stores.</summary>
internal static class PageBounds
{
    /// <exception cref="ArgumentOutOfRangeException">Naming <c>Offset</c> or <c>Limit</c>.</exception>
    public static void Validate(int offset, int limit, int maxLimit)
    {
        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException("Offset", offset, "Offset must be 0 or more.");
        }

        if (limit < 1 || limit > maxLimit)
        {
            throw new ArgumentOutOfRangeException("Limit", limit, $"Limit must be from 1 to {maxLimit}.");
        }
    }

    public static void ValidateHours(int hours)
    {
        if (hours < 1 || hours > IKciInbox.MaxHistogramHours)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, $"hours must be from 1 to {IKciInbox.MaxHistogramHours}.");
        }
    }
}
