using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Deletes done KCIs older than <see cref="SqliteKciStoreOptions.DoneRetention"/> every
/// <see cref="SqliteKciStoreOptions.CleanupInterval"/>, on the injected <see cref="TimeProvider"/>. Pending and parked
/// entries, entity states and the ledger are never deleted.
/// </summary>
/// <remarks>
/// Done rows are visited in arrival order, a page at a time, from a read connection; only the deletes go through the
/// writer, one short transaction per page, so KCIs arriving meanwhile share its commits instead of waiting for the
/// whole clean-up. Arrival order follows completion order closely enough to stop at the first page with nothing old
/// in it: without an index on the completion time (one more random page per KCI), that keeps every run from reading
/// all the done rows still in retention. A KCI completed much later than it arrived is deleted by a later run.
/// </remarks>
internal sealed class SqliteKciRetention(
    SqliteKciDatabase database,
    IOptions<SqliteKciStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<SqliteKciRetention> logger) : BackgroundService
{
    private const int PageSize = 500;

    /// <summary>Deletes the done entries past retention now.</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<long> CleanupAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - options.Value.DoneRetention;
        long total = 0, after = 0;
        while (true)
        {
            var page = await database.ReadAsync(
                session => session.QueryAsync(
                    "SELECT position, completed_at FROM kci_inbox WHERE status = 1 AND position > $after ORDER BY position LIMIT $page;",
                    r => (Position: r.GetInt64(0), CompletedAt: r.IsDBNull(1) ? long.MaxValue : r.GetInt64(1)),
                    cancellationToken, ("$after", after), ("$page", PageSize)),
                cancellationToken).ConfigureAwait(false);
            if (!page.Exists(row => row.CompletedAt < cutoff.ToUnixMs()))
            {
                break;
            }

            var last = page[^1].Position;
            total += await database.WriteAsync(
                session => session.ExecuteAsync(
                    "DELETE FROM kci_inbox WHERE status = 1 AND position > $after AND position <= $last AND completed_at < $cutoff;",
                    cancellationToken, ("$after", after), ("$last", last), ("$cutoff", cutoff.ToUnixMs())),
                cancellationToken).ConfigureAwait(false);
            after = last;
        }

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
