using FibreCafe.Kci;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FibreCafe.Requests.Health;

/// <summary>
/// Healthy while no request is parked and none has waited longer than <see cref="CancellationRequestsOptions.OverdueAge"/>
/// past its due time; Degraded otherwise (an operator has work); Unhealthy when the store cannot be read.
/// </summary>
internal sealed class CancellationRequestsHealthCheck(ICancellationRequestStore store, IOptionsMonitor<CancellationRequestsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        CancellationRequestStatistics statistics;
        try
        {
            statistics = await store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The cancellation request store cannot be read.", ex);
        }

        var parked = statistics.Count(CancellationRequestState.Parked);
        var data = new Dictionary<string, object>
        {
            ["parked"] = parked,
            ["scheduled"] = statistics.Count(CancellationRequestState.Scheduled),
            ["sending"] = statistics.Count(CancellationRequestState.Sending),
            ["oldestDueAgeSeconds"] = Math.Round(statistics.OldestDueAge.TotalSeconds, 1),
        };
        var overdue = statistics.OldestDueAge > options.CurrentValue.OverdueAge;
        return (parked, overdue) switch
        {
            (0, false) => HealthCheckResult.Healthy("No cancellation request is parked or overdue.", data),
            (> 0, _) => HealthCheckResult.Degraded($"{parked} cancellation request(s) parked, waiting for an operator.", data: data),
            _ => HealthCheckResult.Degraded($"The oldest due cancellation request has waited {statistics.OldestDueAge} (more than {options.CurrentValue.OverdueAge}).", data: data),
        };
    }
}
