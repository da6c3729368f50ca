using FibreCafe.Kci;
using Microsoft.Extensions.Hosting;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// Deletes a store's done KCIs older than <see cref="KciStoreOptions.DoneRetention"/> every
/// <see cref="KciStoreOptions.CleanupInterval"/>, on the injected <see cref="TimeProvider"/>, until the host stops; an
/// interval of zero turns it off; then, in the same run, the quiet entities' states older than
/// <see cref="KciStoreOptions.EntityStateRetention"/> (<see cref="CleanupEntityStatesAsync"/>). A failed run is logged
/// and tried again at the next interval. Pending and parked entries and the ledger are never deleted. Done KCIs two
/// ways, by the dialect's <see cref="RetentionSql"/>:
/// <list type="bullet">
/// <item>batched (PostgreSQL, with an index on the completion time): delete up to a batch, skipping rows another
/// receiver is deleting so that receivers never wait for each other, until a batch is short;</item>
/// <item>paged (SQLite, one writer, no such index, which would cost every KCI one more random page): visit the done rows
/// in arrival order a page at a time from a read, and delete each page's old ones in one short write, so KCIs arriving
/// meanwhile share its commits. A KCI completes after it is received: once a whole page was received after the cutoff,
/// nothing later can be old, and the run stops there.</item>
/// </list>
/// </summary>
internal abstract partial class KciRetentionService(IStoreDatabase database, KciStoreOptions settings, RetentionSql sql, TimeProvider timeProvider, ILogger logger)
    : BackgroundService
{
    private const int BatchSize = 1000;
    private const int PageSize = 500;
    private const int EntityPageSize = 1000;

    private readonly TimeSpan _doneRetention = settings.DoneRetention;
    private readonly TimeSpan _entityStateRetention = settings.EntityStateRetention;
    private readonly TimeSpan _cleanupInterval = settings.CleanupInterval;

    /// <summary>Deletes the done entries past retention now.</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<long> CleanupAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - _doneRetention;
        var deleted = await DeleteDoneBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            RetentionDeleted(logger, deleted, cutoff);
        }

        return deleted;
    }

    /// <summary>
    /// Deletes the states of the entities unchanged for <see cref="KciStoreOptions.EntityStateRetention"/> that have no
    /// pending or parked KCI, now. The states have no index on their time (it would cost every dispatched KCI one
    /// more write): the run reads them a page at a time in key order, and deletes in a short write only where a page
    /// holds a quiet one, so its cost is a read of every state kept, once per interval.
    /// </summary>
    /// <returns>How many entities were deleted; 0 when <see cref="KciStoreOptions.EntityStateRetention"/> keeps them for good.</returns>
    public async Task<long> CleanupEntityStatesAsync(CancellationToken cancellationToken)
    {
        if (_entityStateRetention == Timeout.InfiniteTimeSpan)
        {
            return 0;
        }

        var cutoff = timeProvider.GetUtcNow() - _entityStateRetention;
        long total = 0;
        var after = string.Empty;
        while (true)
        {
            var page = await database.ReadAsync(
                session => session.QueryAsync(
                    RetentionSql.EntityStatePage, r => (Key: r.Text("entity_key"), UpdatedAt: r.Time("updated_at")),
                    cancellationToken, ("@after", after), ("@page", EntityPageSize)),
                cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var last = page[^1].Key;
            if (page.Exists(row => row.UpdatedAt < cutoff))
            {
                total += await database.WriteAsync(
                    session => session.ExecuteAsync(sql.EntityStateDelete, cancellationToken, ("@after", after), ("@last", last), ("@cutoff", session.Dialect.Time(cutoff))),
                    cancellationToken).ConfigureAwait(false);
            }

            after = last;
        }

        if (total > 0)
        {
            EntityStatesDeleted(logger, total, cutoff);
        }

        return total;
    }

    private Task<long> DeleteDoneBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        sql.Page is { } page ? DeletePagedAsync(page, cutoff, cancellationToken) : DeleteBatchedAsync(cutoff, cancellationToken);

    private async Task<long> DeleteBatchedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            deleted = await database.WriteAsync(
                session => session.ExecuteAsync(sql.Delete, cancellationToken, ("@cutoff", session.Dialect.Time(cutoff)), ("@batch", BatchSize)),
                cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }

    private async Task<long> DeletePagedAsync(string pageSql, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long total = 0, after = 0;
        while (true)
        {
            var page = await database.ReadAsync(
                session => session.QueryAsync(
                    pageSql,
                    r => (Position: r.Long("position"), CompletedAt: r.TimeOrNull("completed_at") ?? DateTimeOffset.MaxValue, ReceivedAt: r.Time("received_at")),
                    cancellationToken, ("@after", after), ("@page", PageSize)),
                cancellationToken).ConfigureAwait(false);
            if (!page.Exists(row => row.ReceivedAt < cutoff))
            {
                return total;
            }

            var last = page[^1].Position;
            if (page.Exists(row => row.CompletedAt < cutoff))
            {
                total += await database.WriteAsync(
                    session => session.ExecuteAsync(sql.Delete, cancellationToken, ("@after", after), ("@last", last), ("@cutoff", session.Dialect.Time(cutoff))),
                    cancellationToken).ConfigureAwait(false);
            }

            after = last;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_cleanupInterval <= TimeSpan.Zero)
        {
            return;
        }

        await Task.Yield(); // let the host finish starting
        while (true)
        {
            try
            {
                await CleanupAsync(stoppingToken).ConfigureAwait(false);
                await CleanupEntityStatesAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                RetentionFailed(logger, _cleanupInterval.TotalMilliseconds, ex);
            }

            try
            {
                await Task.Delay(_cleanupInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(302, LogLevel.Information, "KCI store retention: deleted {Count} done KCI(s) completed before {Cutoff:o}.")]
    private static partial void RetentionDeleted(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(304, LogLevel.Information, "KCI store retention: deleted the state of {Count} entity(ies) unchanged since before {Cutoff:o}, with no pending or parked KCI.")]
    private static partial void EntityStatesDeleted(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(303, LogLevel.Warning, "KCI store retention could not run; trying again in {IntervalMs} ms.")]
    private static partial void RetentionFailed(ILogger logger, double intervalMs, Exception exception);
}
