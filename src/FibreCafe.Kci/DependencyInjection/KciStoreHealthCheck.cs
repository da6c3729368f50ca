using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FibreCafe.Kci.DependencyInjection;

/// <summary>
/// The store's health: unhealthy when it does not answer (KCIs would get 503), degraded while entries
/// are parked (an operator should look), healthy otherwise. Data: pending and parked counts, from
/// <see cref="IKciInbox.GetBacklogAsync"/>: its cost grows with the backlog, not with the done entries retention keeps
/// (a health endpoint is polled every few seconds).
/// </summary>
internal sealed class KciStoreHealthCheck(IKciInbox inbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        KciInboxBacklog statistics;
        try
        {
            statistics = await inbox.GetBacklogAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The KCI store does not answer.", ex);
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = statistics.Pending,
            ["parked"] = statistics.Parked,
        };
        return statistics.Parked > 0
            ? HealthCheckResult.Degraded($"{statistics.Parked} KCI(s) parked; inspect and replay them.", data: data)
            : HealthCheckResult.Healthy("The KCI store answers.", data);
    }
}
