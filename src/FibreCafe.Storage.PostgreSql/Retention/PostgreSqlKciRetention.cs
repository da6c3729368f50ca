using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// Deletes done KCIs older than <see cref="PostgreSqlKciStoreOptions.DoneRetention"/> every
/// <see cref="PostgreSqlKciStoreOptions.CleanupInterval"/>, on the injected <see cref="TimeProvider"/>. Every
/// receiver runs it; batches skip rows another receiver is deleting, so they never wait for each other.
/// Pending and parked entries, entity states and the ledger are never deleted.
/// </summary>
internal sealed class PostgreSqlKciRetention(
    PostgreSqlKciDatabase database,
    IOptions<PostgreSqlKciStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<PostgreSqlKciRetention> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    /// <summary>Deletes the done entries past retention now.</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<long> CleanupAsync(CancellationToken cancellationToken)
    {
        var cutoff = (timeProvider.GetUtcNow() - options.Value.DoneRetention).Utc();
        long total = 0;
        int deleted;
        do
        {
            deleted = await database.WriteAsync(
                (connection, transaction) => connection.ExecuteAsync(
                    """
                    DELETE FROM kci_inbox WHERE position IN (
                        SELECT position FROM kci_inbox WHERE status = 1 AND completed_at < @cutoff
                        ORDER BY completed_at LIMIT @batch FOR UPDATE SKIP LOCKED);
                    """,
                    transaction, cancellationToken, ("cutoff", cutoff), ("batch", BatchSize)),
                cancellationToken).ConfigureAwait(false);
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
        var interval = options.Value.CleanupInterval;
        if (interval <= TimeSpan.Zero)
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
                Log.RetentionFailed(logger, interval.TotalMilliseconds, ex);
            }

            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
