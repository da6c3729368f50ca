using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// Deletes a store's done KCIs older than the retention every clean-up interval, on the injected
/// <see cref="TimeProvider"/>, until the host stops; an interval of zero turns it off. A failed run is logged and
/// tried again at the next interval. Compiled into each store package (shared source, as Azure.Core shares its own).
/// </summary>
internal abstract partial class KciRetentionService(TimeSpan doneRetention, TimeSpan cleanupInterval, TimeProvider timeProvider, ILogger logger)
    : BackgroundService
{
    /// <summary>Deletes the done entries past retention now.</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<long> CleanupAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - doneRetention;
        var deleted = await DeleteDoneBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            RetentionDeleted(logger, deleted, cutoff);
        }

        return deleted;
    }

    /// <summary>Deletes the done entries completed before <paramref name="cutoff"/>; nothing else.</summary>
    /// <returns>How many were deleted.</returns>
    protected abstract Task<long> DeleteDoneBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (cleanupInterval <= TimeSpan.Zero)
        {
            return;
        }

        await Task.Yield(); // let the host finish starting
        while (true)
        {
            try
            {
                await CleanupAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                RetentionFailed(logger, cleanupInterval.TotalMilliseconds, ex);
            }

            try
            {
                await Task.Delay(cleanupInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(302, LogLevel.Information, "KCI store retention: deleted {Count} done KCI(s) completed before {Cutoff:o}.")]
    private static partial void RetentionDeleted(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(303, LogLevel.Warning, "KCI store retention could not run; trying again in {IntervalMs} ms.")]
    private static partial void RetentionFailed(ILogger logger, double intervalMs, Exception exception);
}
