using System.Collections.Concurrent;
using FibreCafe.Kci;
using FibreCafe.Requests.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Requests.Processing;

/// <summary>
/// The processing run (CRM.COM's "provisioning request processing run"): wakes on a submission and on a timer, settles
/// sends nobody is settling (an instance that stopped, a reconcile window that ended), claims due requests (express
/// first, one in flight per order or problem, in submission order) and sends them, at most
/// <see cref="CancellationRequestsOptions.MaxConcurrentSends"/> at once.
/// </summary>
/// <remarks>
/// On stop it claims nothing more and lets the attempts in flight finish, so their answers are recorded; only when the
/// host's shutdown timeout ends are they cancelled, and a cancelled attempt is ambiguous (it may have been sent): it waits
/// for a KCI instead of being sent again.
/// </remarks>
internal sealed class CancellationProcessingRun(
    ICancellationRequestStore store,
    CancellationSender sender,
    CancellationProcessingSignal signal,
    IOptionsMonitor<CancellationRequestsOptions> options,
    RequestsTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<CancellationProcessingRun> logger) : BackgroundService
{
    private const int SweepBatch = 100;

    private static readonly TimeSpan CountInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();
    private readonly CancellationTokenSource _abort = new();
    private string? _instance;
    private DateTimeOffset _countAgain = DateTimeOffset.MinValue;

    /// <summary>Gets the name this instance leases requests under.</summary>
    public string Instance => _instance ??= options.CurrentValue.InstanceName is { Length: > 0 } name
        ? name
        : $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Runs one pass: sweep, claim, start sends. Returns how many it claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await SweepAsync(settings, cancellationToken).ConfigureAwait(false);
        var free = settings.MaxConcurrentSends - _inFlight.Count;
        if (free <= 0)
        {
            return 0;
        }

        var claimed = await store.ClaimDueAsync(Instance, settings.LeaseDuration, Math.Min(free, settings.ClaimBatchSize), cancellationToken).ConfigureAwait(false);
        foreach (var request in claimed)
        {
            // Tracked before it may start: a send that ended before it was tracked would leave its entry behind for good,
            // and with MaxConcurrentSends of them the run would claim nothing again (Task.Yield alone does not order it).
            var tracked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight[request.Id] = SendAsync(request, settings, tracked.Task);
            tracked.SetResult();
        }

        // The by-state gauge counts the whole table: refreshed every few seconds, not on every pass of a busy run.
        if (timeProvider.GetUtcNow() >= _countAgain)
        {
            _countAgain = timeProvider.GetUtcNow() + CountInterval;
            telemetry.Counted(await store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false));
        }

        return claimed.Count;
    }

    /// <summary>Waits until every attempt in flight has recorded its outcome.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_inFlight.Values);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            signal.Reset();
            try
            {
                if (await RunOnceAsync(stoppingToken).ConfigureAwait(false) >= settings.ClaimBatchSize)
                {
                    continue; // more may be due at once
                }

                await signal.WaitAsync(settings.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is down, or the database restarts: nothing was lost (every move is a transaction); look again later.
                Log.RunFailed(logger, settings.PollInterval, ex);
                await Task.Delay(settings.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SendAsync(CancellationRequest request, CancellationRequestsOptions settings, Task tracked)
    {
        await tracked.ConfigureAwait(false);
        try
        {
            await sender.SendAsync(request, settings, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The outcome could not be recorded (the store is down): the lease runs out and the sweep reconciles the request.
            Log.RunFailed(logger, settings.LeaseDuration, ex);
        }
        finally
        {
            _inFlight.TryRemove(request.Id, out _);
            signal.Notify(); // a slot is free, and the target's next request may be due
        }
    }

    private async Task SweepAsync(CancellationRequestsOptions settings, CancellationToken cancellationToken)
    {
        foreach (var request in await store.FindUnsettledAsync(SweepBatch, cancellationToken).ConfigureAwait(false))
        {
            if (_inFlight.ContainsKey(request.Id))
            {
                continue; // ours and still running: its lease outlived the attempt's timeouts only if the options are wrong
            }

            var settled = await store.ChangeAsync(
                request.Id,
                (current, now) => current.ReconcileBy is null ? AttemptDecisions.Orphaned(current, now, settings) : AttemptDecisions.WindowEnded(current, now),
                cancellationToken).ConfigureAwait(false);
            if (settled is { State: CancellationRequestState.Parked })
            {
                telemetry.Parked(settled.ParkReason!.Value);
                Log.Parked(logger, settled.Number, settled.ParkReason.Value, settled.StatusReason ?? string.Empty);
            }
            else if (settled is { ReconcileBy: { } by })
            {
                Log.Orphaned(logger, settled.Number, request.LeaseOwner, by);
            }
        }
    }
}
