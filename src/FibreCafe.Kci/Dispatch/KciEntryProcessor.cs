using FibreCafe.Kci.Kcis;
using FibreCafe.Kci.Requests;
using FibreCafe.Kci.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// Dispatches one claimed KCI: plan (events, ledger updates, entity state), apply the ledger updates, call the
/// handlers in a DI scope of their own, then record the entity state and mark the entry done. A failure counts an attempt: the
/// entry is retried with back-off, then parked. A stop of the host gives the entry back uncounted.
/// </summary>
internal sealed class KciEntryProcessor(
    IKciInbox inbox,
    ICancellationLedger ledger,
    CancellationRequestKciLink requests,
    IServiceScopeFactory scopeFactory,
    IOptionsMonitor<FibreCafeKciOptions> options,
    TimeProvider timeProvider,
    KciReceiverMetrics metrics,
    ILogger<KciEntryProcessor> logger)
{
    public async Task ProcessAsync(KciInboxEntry entry, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            await inbox.ReleaseAsync(entry, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        using var scope = Log.BeginDeliveryScope(logger, entry.RequestId, entry.ConversationId);
        var read = KciReader.Read(entry.Body, refuseDuplicateNames: false);
        if (!read.IsValid)
        {
            // Only a change of this library can make an acknowledged body unreadable; retrying cannot help.
            var reason = string.Join(" ", read.Messages);
            Log.StoredKciUnreadable(logger, entry.KciId, reason);
            await inbox.FailAsync(entry, reason, retryAt: null, CancellationToken.None).ConfigureAwait(false);
            metrics.Dispatched("parked");
            return;
        }

        try
        {
            var plan = await PlanAsync(read, entry, stoppingToken).ConfigureAwait(false);
            // The ledger first, so that a handler reading it sees what this KCI says. If a handler then fails, the
            // retry plans again from a ledger that already holds this KCI's status, and raises the event again.
            foreach (var update in plan.LedgerUpdates)
            {
                await ledger.ApplyAsync(update, stoppingToken).ConfigureAwait(false);
            }

            // After the ledger, every time: a retry after a failed request update finds the ledger already up to date.
            foreach (var update in plan.RequestUpdates)
            {
                await requests.ApplyAsync(update, stoppingToken).ConfigureAwait(false);
            }

            await PublishAsync(plan, stoppingToken).ConfigureAwait(false);

            var completed = entry with { ProducedEvents = plan.Events.Select(e => e.GetType().Name).ToArray() };
            if (!await inbox.CompleteAsync(completed, plan.EntityState, CancellationToken.None).ConfigureAwait(false))
            {
                Log.ClaimLost(logger, entry.KciId);
            }

            Log.KciDispatched(logger, entry.KciId, entry.EntityKey, entry.SequenceNumber, plan.Events.Count, plan.IsStale ? " (stale: recorded state kept)" : string.Empty);
            metrics.Dispatched("done");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await inbox.ReleaseAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await FailAsync(entry, ex).ConfigureAwait(false);
        }
    }

    private async Task<KciDispatchPlan> PlanAsync(KciParseResult read, KciInboxEntry entry, CancellationToken cancellationToken)
    {
        var envelope = read.Envelope!;
        var previous = await inbox.GetEntityStateAsync(entry.EntityKey, cancellationToken).ConfigureAwait(false);
        CancellationRecord? open = null, reported = null;
        if (CancellationFacts.Of(envelope, read.Entity) is { } facts)
        {
            // The open cancellation, or the one this KCI closed in an earlier attempt whose handlers failed.
            var all = await ledger.FindByTargetAsync(facts.Kind, facts.TargetId, cancellationToken).ConfigureAwait(false);
            open = all.FirstOrDefault(c => c.LastKciId == envelope.Id) ?? all.FirstOrDefault(c => !c.Status.IsTerminal);
            if (facts.CancellationId is { } id)
            {
                reported = await ledger.GetAsync(facts.Kind, id, cancellationToken).ConfigureAwait(false);
            }
        }

        return KciEventMapper.Map(new KciMappingInput(envelope, read.Entity, entry, previous, open, reported), timeProvider.GetUtcNow());
    }

    private async Task PublishAsync(KciDispatchPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Events.Count == 0)
        {
            return;
        }

        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var sink = new ScopedKciEventSink(scope.ServiceProvider);
            foreach (var kciEvent in plan.Events)
            {
                await kciEvent.PublishAsync(sink, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FailAsync(KciInboxEntry entry, Exception exception)
    {
        var attempt = entry.Attempts + 1;
        var retryAt = KciRetrySchedule.NextAttempt(options.CurrentValue.Dispatch, attempt, timeProvider.GetUtcNow());
        var error = exception is KciHandlerException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
        if (!await inbox.FailAsync(entry, error, retryAt, CancellationToken.None).ConfigureAwait(false))
        {
            Log.ClaimLost(logger, entry.KciId);
            return;
        }

        if (retryAt is { } at)
        {
            Log.KciRetrying(logger, entry.KciId, entry.EntityKey, attempt, at, exception);
            metrics.Dispatched("retry");
        }
        else
        {
            Log.KciParked(logger, entry.KciId, entry.EntityKey, attempt, exception);
            metrics.Dispatched("parked");
        }
    }
}
