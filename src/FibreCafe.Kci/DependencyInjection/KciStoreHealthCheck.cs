using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FibreCafe.Kci.DependencyInjection;

/// <summary>
/// The store's health: unhealthy when it does not answer (KCIs would get 503), degraded while entries
/// are parked (an operator should look), healthy otherwise. Data: pending, parked and done counts.
/// </summary>
internal sealed class KciStoreHealthCheck(IKciInbox inbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        KciInboxStatistics statistics;
        try
        {
            statistics = await inbox.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The KCI store does not answer.", ex);
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = statistics.Pending,
            ["parked"] = statistics.Parked,
            ["done"] = statistics.Done,
        };
        return statistics.Parked > 0
            ? HealthCheckResult.Degraded($"{statistics.Parked} KCI(s) parked; inspect and replay them.", data: data)
            : HealthCheckResult.Healthy("The KCI store answers.", data);
    }
}
