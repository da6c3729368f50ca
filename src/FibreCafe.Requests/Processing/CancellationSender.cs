using System.Diagnostics;
using System.Text.Json;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests.Serialization;
using FibreCafe.Requests.Telemetry;

namespace FibreCafe.Requests.Processing;

/// <summary>
/// Sends one leased request through <see cref="IFibreCafeClient"/> (its own retries, timeouts and token handling apply
/// within the attempt) with the attempt's <c>X-Request-ID</c> and the request's <c>X-Conversation-ID</c>, and records
/// the outcome under the lease. The attempt's activity is linked to the submission's.
/// </summary>
internal sealed class CancellationSender(
    ICancellationRequestStore store,
    IFibreCafeClient client,
    IEnumerable<ICancellationAttemptScope> scopes,
    RequestsTelemetry telemetry,
    ILogger<CancellationSender> logger)
{
    public async Task SendAsync(CancellationRequest leased, CancellationRequestsOptions options, CancellationToken cancellationToken)
    {
        ActivityLink[]? links = ActivityContext.TryParse(leased.TraceParent, null, out var submitted) ? [new ActivityLink(submitted)] : null;
        using var activity = RequestsTelemetry.Source.StartActivity("CancellationRequest.Send", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("fibrecafe.request.number", leased.Number);
        activity?.SetTag("fibrecafe.request.attempt", leased.Attempts);
        activity?.SetTag("fibrecafe.request.kind", RequestsTelemetry.KindTag(leased.Kind));
        activity?.SetTag("fibrecafe.request.target_id", leased.TargetId);
        if (leased.NextAttemptAt is { } due && leased.LastAttemptAt is { } started)
        {
            telemetry.SendDelay(started - due);
        }

        var outcome = await AttemptAsync(leased, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("fibrecafe.request.outcome", outcome.Tag);
        if (outcome is not AttemptOutcome.Created)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Tag);
        }

        // Recorded whatever the host is doing: the gateway's answer is worth more than a prompt stop.
        var settled = await store.ChangeAsync(leased.Id, (current, now) => AttemptDecisions.Settle(current, leased, outcome, now, options), CancellationToken.None).ConfigureAwait(false);
        Report(leased, outcome, settled);
    }

    private async Task<AttemptOutcome> AttemptAsync(CancellationRequest leased, CancellationToken cancellationToken)
    {
        var call = new FibreCafeCallOptions { RequestId = leased.LastRequestId, ConversationId = leased.ConversationId };
        var opened = scopes.Select(s => s.Begin(leased)).ToList();
        try
        {
            if (leased.Kind == CancellationKind.ServiceOrder)
            {
                var request = JsonSerializer.Deserialize(leased.RequestBody, RequestsJsonContext.Default.ServiceOrderCancellationRequest)!;
                var response = await client.CancelServiceOrderAsync(request, call, cancellationToken).ConfigureAwait(false);
                var created = response.Value;
                return new AttemptOutcome.Created(created.Id, created.SupplierReference, created.Status,
                    JsonSerializer.Serialize(created, RequestsJsonContext.Default.ServiceOrderCancellation), 201);
            }
            else
            {
                var request = JsonSerializer.Deserialize(leased.RequestBody, RequestsJsonContext.Default.ServiceProblemCancellationRequest)!;
                var response = await client.CancelServiceProblemAsync(request, call, cancellationToken).ConfigureAwait(false);
                var created = response.Value;
                return new AttemptOutcome.Created(created.Id, null, created.Status,
                    JsonSerializer.Serialize(created, RequestsJsonContext.Default.ServiceProblemCancellation), 201);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return AttemptOutcome.Of(ex);
        }
        finally
        {
            opened.ForEach(scope => scope?.Dispose());
        }
    }

    private void Report(CancellationRequest leased, AttemptOutcome outcome, CancellationRequest? settled)
    {
        if (settled is null)
        {
            Log.LeaseLost(logger, leased.Number, leased.Attempts);
            telemetry.Sent("lease_lost");
            return;
        }

        telemetry.Sent(settled.State == CancellationRequestState.Parked ? "parked" : outcome.Tag);
        switch (settled.State)
        {
            case CancellationRequestState.Refused:
                telemetry.Refused();
                Log.Refused(logger, settled.Number, settled.ResponseStatus, settled.ErrorCode, settled.ErrorUuid);
                break;
            case CancellationRequestState.Parked:
                telemetry.Parked(settled.ParkReason!.Value);
                Log.Parked(logger, settled.Number, settled.ParkReason.Value, settled.StatusReason ?? string.Empty);
                break;
            case CancellationRequestState.Scheduled:
                Log.Retrying(logger, settled.Number, leased.Attempts, settled.StatusReason ?? string.Empty, settled.NextAttemptAt!.Value);
                break;
            case CancellationRequestState.Sending:
                Log.Ambiguous(logger, settled.Number, leased.Attempts, settled.StatusReason ?? string.Empty, settled.ReconcileBy!.Value);
                break;
            default:
                Log.Created(logger, settled.Number, settled.CancellationId ?? 0, leased.Attempts, leased.LastRequestId);
                break;
        }
    }
}
