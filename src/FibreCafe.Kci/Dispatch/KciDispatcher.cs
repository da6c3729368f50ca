using FibreCafe.Kci.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// Drains the inbox: claims due entries through the store (one per entity at a time, lowest sequence
/// number first), dispatches them, and sleeps until a KCI arrives, a retry is due, or the poll interval
/// passes, on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class KciDispatcher(
    IKciInbox inbox,
    KciEntryProcessor processor,
    KciDispatchSignal signal,
    IOptionsMonitor<FibreCafeKciOptions> options,
    TimeProvider timeProvider,
    ILogger<KciDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Dispatch.Enabled)
        {
            return;
        }

        await Task.Yield(); // let the host finish starting
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue.Dispatch;
            try
            {
                signal.Reset();
                var batch = await inbox.ClaimAsync(settings.BatchSize, settings.LeaseDuration, stoppingToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await DispatchAsync(batch, settings.MaxConcurrency, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await signal.WaitAsync(await IdleDelayAsync(settings, stoppingToken).ConfigureAwait(false), timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.DispatcherStoreFailed(logger, settings.PollInterval.TotalMilliseconds, ex);
                await signal.WaitAsync(settings.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    // Entries of different entities are independent; the store never hands out two of the same entity.
    private Task DispatchAsync(IReadOnlyList<KciInboxEntry> batch, int maxConcurrency, CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            batch,
            new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency },
            async (entry, _) =>
            {
                try
                {
                    await processor.ProcessAsync(entry, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The store failed while recording the outcome; the lease lapses and the entry comes back.
                    Log.DispatcherStoreFailed(logger, options.CurrentValue.Dispatch.LeaseDuration.TotalMilliseconds, ex);
                }
            });

    private async Task<TimeSpan> IdleDelayAsync(KciDispatchOptions settings, CancellationToken stoppingToken)
    {
        var next = await inbox.GetNextDueAsync(stoppingToken).ConfigureAwait(false);
        if (next is not { } due)
        {
            return settings.PollInterval;
        }

        var wait = due - timeProvider.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait < settings.PollInterval ? wait : settings.PollInterval;
    }
}
