using FibreCafe.Storage.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Deletes done KCIs older than <see cref="SqliteKciStoreOptions.DoneRetention"/> every
/// <see cref="SqliteKciStoreOptions.CleanupInterval"/>. Pending and parked entries, entity states and the ledger are
/// never deleted.
/// </summary>
/// <remarks>
/// Done rows are visited in arrival order, a page at a time, from a read connection; only the deletes go through the
/// writer, one short transaction per page, so KCIs arriving meanwhile share its commits instead of waiting for the
/// whole clean-up. There is no index on the completion time (it would cost every KCI one more random page), but a KCI
/// completes after it is received: once a whole page was received after the cutoff, nothing later in arrival order
/// can be old, and the run stops there. So a run reads the done rows received before the cutoff (the old ones, and the
/// few that were completed late, e.g. replayed) and one page more, not every done row still in retention.
/// </remarks>
internal sealed class SqliteKciRetention(
    SqliteKciDatabase database,
    IOptions<SqliteKciStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<SqliteKciRetention> logger)
    : KciRetentionService(options.Value.DoneRetention, options.Value.CleanupInterval, timeProvider, logger)
{
    private const int PageSize = 500;

    protected override async Task<long> DeleteDoneBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var before = cutoff.ToUnixMs();
        long total = 0, after = 0;
        while (true)
        {
            var page = await database.ReadAsync(
                session => session.QueryAsync(
                    "SELECT position, completed_at, received_at FROM kci_inbox WHERE status = 1 AND position > $after ORDER BY position LIMIT $page;",
                    r => (Position: r.GetInt64(0), CompletedAt: r.IsDBNull(1) ? long.MaxValue : r.GetInt64(1), ReceivedAt: r.GetInt64(2)),
                    cancellationToken, ("$after", after), ("$page", PageSize)),
                cancellationToken).ConfigureAwait(false);
            if (!page.Exists(row => row.ReceivedAt < before))
            {
                return total;
            }

            var last = page[^1].Position;
            if (page.Exists(row => row.CompletedAt < before))
            {
                total += await database.WriteAsync(
                    session => session.ExecuteAsync(
                        "DELETE FROM kci_inbox WHERE status = 1 AND position > $after AND position <= $last AND completed_at < $cutoff;",
                        cancellationToken, ("$after", after), ("$last", last), ("$cutoff", before)),
                    cancellationToken).ConfigureAwait(false);
            }

            after = last;
        }
    }
}
