using FibreCafe.Kci;
using FibreCafe.Operations.Security;
using FibreCafe.Requests;
using Microsoft.Extensions.Options;

namespace FibreCafe.Operations.Api;

/// <summary>
/// Gathers the numbers the overview and the stats endpoint show, each from the store's own statistics (no list of
/// rows is read to count them). The stats endpoint, which monitoring polls, asks only what the backlog bounds; the
/// overview also counts the done KCIs kept, a cost that grows with retention (docs/performance.md).
/// </summary>
internal sealed class OperationsStatistics(
    IKciInbox inbox,
    ICancellationRequestStore requests,
    IEventSubscriptionStore subscriptions,
    INotificationOutbox outbox,
    IOptionsMonitor<FibreCafeOperationsOptions> options,
    IOptionsMonitor<CancellationRequestsOptions> requestOptions,
    TimeProvider timeProvider)
{
    public async Task<OperationsStats> CollectAsync(bool countDone, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        // The full statistics already hold the backlog: one query of the inbox, not two.
        var statistics = countDone ? await inbox.GetStatisticsAsync(cancellationToken).ConfigureAwait(false) : null;
        var backlog = statistics is null
            ? await inbox.GetBacklogAsync(cancellationToken).ConfigureAwait(false)
            : statistics.Backlog;
        var done = statistics?.Done;
        var requestCounts = await requests.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var overdue = await requests.ListAsync(
            new CancellationRequestQuery { States = [CancellationRequestState.Scheduled], ScheduledBefore = now - requestOptions.CurrentValue.OverdueAge, Limit = 1 },
            cancellationToken).ConfigureAwait(false);
        var byState = Enum.GetValues<CancellationRequestState>().ToDictionary(s => s.ToString(), requestCounts.Count);
        return new OperationsStats(
            now,
            new InboxStats(backlog.Pending, backlog.Parked, done, AgeSeconds(backlog.OldestPendingReceivedAt, now)),
            new RequestStats(byState, overdue.Total, requestCounts.Count(CancellationRequestState.Parked), requestCounts.OldestDueAge.TotalSeconds),
            await BacklogAsync(now, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every listed subscription with its backlog, a subscription without one at zero.</summary>
    public async Task<IReadOnlyList<SubscriptionStats>> BacklogAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var backlog = (await outbox.GetBacklogAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.SubscriptionId);
        var listed = new List<SubscriptionStats>();
        foreach (var api in options.CurrentValue.SubscriptionApis.Distinct(StringComparer.Ordinal))
        {
            foreach (var subscription in await subscriptions.ListAsync(api, cancellationToken).ConfigureAwait(false))
            {
                var b = backlog.GetValueOrDefault(subscription.Id);
                listed.Add(new SubscriptionStats(
                    subscription.Id, subscription.Api, BodyRedactor.RedactText(subscription.Callback),
                    b?.Pending ?? 0, b?.Parked ?? 0, AgeSeconds(b?.OldestPendingAt, now)));
            }
        }

        return listed;
    }

    private static double? AgeSeconds(DateTimeOffset? since, DateTimeOffset now) =>
        since is { } t ? Math.Max(0, (now - t).TotalSeconds) : null;
}
