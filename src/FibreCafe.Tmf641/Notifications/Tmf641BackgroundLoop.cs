using FibreCafe.Shared;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>A loop that runs one pass, then waits for its signal or its poll interval; a pass that fails (the store is down) is tried again later.</summary>
internal abstract partial class Tmf641BackgroundLoop(WakeSignal signal, IOptionsMonitor<Tmf641Options> options, TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    protected IOptionsMonitor<Tmf641Options> Options { get; } = options;

    protected TimeProvider Clock { get; } = timeProvider;

    protected WakeSignal Signal { get; } = signal;

    protected ILogger Logger { get; } = logger;

    /// <summary>Runs one pass.</summary>
    /// <returns>Whether there may be more work at once.</returns>
    public abstract Task<bool> RunOnceAsync(CancellationToken cancellationToken);

    protected virtual bool Enabled => true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (Enabled && !stoppingToken.IsCancellationRequested)
        {
            var poll = Options.CurrentValue.Hub.PollInterval;
            Signal.Reset();
            try
            {
                if (!await RunOnceAsync(stoppingToken).ConfigureAwait(false))
                {
                    await Signal.WaitAsync(poll, Clock, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                PassFailed(Logger, GetType().Name, poll, ex);
                await Task.Delay(poll, Clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "TMF641 {Loop}: a pass failed; trying again in {Delay}")]
    private static partial void PassFailed(ILogger logger, string loop, TimeSpan delay, Exception exception);
}

/// <summary>Wakes the feed: a request was submitted through the API.</summary>
internal sealed class Tmf641FeedSignal : WakeSignal;

/// <summary>Wakes the delivery: notifications were enqueued.</summary>
internal sealed class Tmf641DeliverySignal : WakeSignal;
