using FibreCafe.Storage.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// Deletes done KCIs older than <see cref="PostgreSqlKciStoreOptions.DoneRetention"/> every
/// <see cref="PostgreSqlKciStoreOptions.CleanupInterval"/>. Every receiver runs it; batches skip rows another
/// receiver is deleting, so they never wait for each other. Pending and parked entries, entity states and the
/// ledger are never deleted.
/// </summary>
internal sealed class PostgreSqlKciRetention(
    PostgreSqlKciDatabase database,
    IOptions<PostgreSqlKciStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<PostgreSqlKciRetention> logger)
    : KciRetentionService(options.Value.DoneRetention, options.Value.CleanupInterval, timeProvider, logger)
{
    private const int BatchSize = 1000;

    protected override async Task<long> DeleteDoneBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var before = cutoff.Utc();
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
                    transaction, cancellationToken, ("cutoff", before), ("batch", BatchSize)),
                cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }
}
