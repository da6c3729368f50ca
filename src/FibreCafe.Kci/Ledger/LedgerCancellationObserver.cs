using System.Text.Json;
using FibreCafe.Client;
using FibreCafe.Kci.Serialization;

namespace FibreCafe.Kci.Ledger;

/// <summary>
/// Records every cancellation the client creates into the ledger (registered by
/// <c>AddFibreCafeCancellationLedger()</c>). Bodies are serialized from the typed values: they hold no
/// header, token or secret.
/// </summary>
internal sealed class LedgerCancellationObserver(ICancellationLedger ledger, TimeProvider timeProvider) : IFibreCafeCancellationObserver
{
    public Task OnServiceOrderCancellationCreatedAsync(
        ServiceOrderCancellationRequest request, FibreCafeResponse<ServiceOrderCancellation> response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var created = response.Value;
        return ledger.RecordCreatedAsync(
            NewRecord(response.Correlation, created.Status) with
            {
                Kind = CancellationKind.ServiceOrder,
                CancellationId = created.Id,
                TargetId = created.OrderId > 0 ? created.OrderId : request.OrderId,
                ReasonCode = request.ReasonCode.Value,
                Text = request.Text,
                Supplier = created.Supplier ?? request.Supplier,
                SupplierReference = created.SupplierReference,
                RequestBody = JsonSerializer.Serialize(request, KciJsonContext.Default.ServiceOrderCancellationRequest),
                ResponseBody = JsonSerializer.Serialize(created, KciJsonContext.Default.ServiceOrderCancellation),
            },
            cancellationToken);
    }

    public Task OnServiceProblemCancellationCreatedAsync(
        ServiceProblemCancellationRequest request, FibreCafeResponse<ServiceProblemCancellation> response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var created = response.Value;
        return ledger.RecordCreatedAsync(
            NewRecord(response.Correlation, created.Status) with
            {
                Kind = CancellationKind.ServiceProblem,
                CancellationId = created.Id,
                TargetId = created.ServiceProblemId > 0 ? created.ServiceProblemId : request.ServiceProblemId,
                ReasonCode = request.ReasonCode.Value,
                Text = request.Text,
                RequestBody = JsonSerializer.Serialize(request, KciJsonContext.Default.ServiceProblemCancellationRequest),
                ResponseBody = JsonSerializer.Serialize(created, KciJsonContext.Default.ServiceProblemCancellation),
            },
            cancellationToken);
    }

    // A 201 without a status (or with one this library does not know) still means the gateway has it.
    private CancellationRecord NewRecord(FibreCafeCorrelation correlation, CancellationStatus status)
    {
        var now = timeProvider.GetUtcNow();
        var known = CancellationLifecycle.Rank(status) >= 0 ? status : CancellationStatus.ReceivedByGateway;
        return new CancellationRecord
        {
            Kind = CancellationKind.ServiceOrder,
            CancellationId = 0,
            TargetId = 0,
            Status = known,
            RequestId = correlation.RequestId,
            ConversationId = correlation.ConversationId,
            CreatedAt = now,
            UpdatedAt = now,
            ClosedAt = known.IsTerminal ? now : null,
        };
    }
}
