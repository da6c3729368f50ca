using FibreCafe.Kci;
using FibreCafe.Requests.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Requests.Retention;

/// <summary>
/// Deletes ended requests (and their history) closed longer ago than <see cref="CancellationRequestsOptions.TerminalRetention"/>,
/// every <see cref="CancellationRequestsOptions.CleanupInterval"/>, in batches, on the injected clock, as the inbox's
/// retention does for done KCIs. Parked requests are not ended and are never deleted.
/// </summary>
internal sealed class CancellationRequestRetention(
    ICancellationRequestStore store,
    IOptionsMonitor<CancellationRequestsOptions> options,
    TimeProvider timeProvider,
    ILogger<CancellationRequestRetention> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    public async Task<int> CleanupAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - options.CurrentValue.TerminalRetention;
        int deleted, total = 0;
        do
        {
            deleted = await store.PurgeAsync(cutoff, BatchSize, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            Log.RetentionDeleted(logger, total, cutoff);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (options.CurrentValue.CleanupInterval is { } interval && interval > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
                await CleanupAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.RetentionFailed(logger, ex);
            }
        }
    }
}
