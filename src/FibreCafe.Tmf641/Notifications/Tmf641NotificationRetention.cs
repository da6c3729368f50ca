using FibreCafe.Kci;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>
/// Deletes delivered notifications older than <see cref="Tmf641HubOptions.DeliveredRetention"/>, every
/// <see cref="Tmf641HubOptions.CleanupInterval"/>, in batches; pending and parked ones are kept. The retention is also
/// how long a producer that repeats a pass is recognised as repeating (the outbox keeps the first of an event).
/// </summary>
internal sealed partial class Tmf641NotificationRetention(
    INotificationOutbox outbox, IOptionsMonitor<Tmf641Options> options, TimeProvider timeProvider, ILogger<Tmf641NotificationRetention> logger) : BackgroundService
{
    private const int Batch = 1000;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var before = timeProvider.GetUtcNow() - options.CurrentValue.Hub.DeliveredRetention;
        var total = 0;
        for (int deleted; (deleted = await outbox.PurgeAsync(before, Batch, cancellationToken).ConfigureAwait(false)) > 0;)
        {
            total += deleted;
            if (deleted < Batch)
            {
                break;
            }
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (options.CurrentValue.Hub.CleanupInterval is { } interval && interval > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
                if (await RunOnceAsync(stoppingToken).ConfigureAwait(false) is > 0 and var deleted)
                {
                    Purged(logger, deleted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                PurgeFailed(logger, ex); // the store is down: the next interval tries again
            }
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "TMF641: {Deleted} delivered notifications past their retention deleted")]
    private static partial void Purged(ILogger logger, int deleted);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "TMF641: deleting delivered notifications failed")]
    private static partial void PurgeFailed(ILogger logger, Exception exception);
}
