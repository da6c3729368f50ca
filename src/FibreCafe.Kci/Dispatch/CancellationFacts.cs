using FibreCafe.Client;

namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// What a KCI says about the cancellation of its order or problem, the same way for both kinds, so the
/// mapping rules are written once.
/// </summary>
internal sealed record CancellationFacts
{
    public required CancellationKind Kind { get; init; }

    /// <summary>Gets the order or problem id (the entity id).</summary>
    public required long TargetId { get; init; }

    /// <summary>Gets the cancellation object the KCI carried (envelope or entity), if any.</summary>
    public object? Cancellation { get; init; }

    public long? CancellationId { get; init; }

    public CancellationStatus CancellationStatus { get; init; }

    public string? ReasonCode { get; init; }

    public string? Text { get; init; }

    public string? Supplier { get; init; }

    public string? SupplierReference { get; init; }

    /// <summary>Gets whether the entity status is <c>PENDING_CANCELLATION</c>.</summary>
    public bool EntityPendingCancellation { get; init; }

    /// <summary>Gets whether the entity itself failed to reach the supplier (<c>FAILED_TO_SEND</c>).</summary>
    public bool EntityFailedToSend { get; init; }

    /// <summary>Reads the facts of a KCI whose entity is already bound (binding is what costs).</summary>
    public static CancellationFacts? Of(KciEnvelope envelope, KciEntity? entity)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (entity is ServiceOrderEntity order)
        {
            var c = envelope.FindServiceOrderCancellation(order);
            return new CancellationFacts
            {
                Kind = CancellationKind.ServiceOrder,
                TargetId = order.Id,
                Cancellation = c,
                CancellationId = c?.Id,
                CancellationStatus = c?.Status ?? default,
                ReasonCode = NullIfEmpty(c?.ReasonCode.Value),
                Text = c?.Text,
                Supplier = c?.Supplier ?? envelope.Supplier,
                SupplierReference = c?.SupplierReference,
                EntityPendingCancellation = order.Status == ServiceOrderStatus.PendingCancellation,
                EntityFailedToSend = order.Status == ServiceOrderStatus.FailedToSend,
            };
        }

        if (entity is ServiceProblemEntity problem)
        {
            var c = envelope.FindServiceProblemCancellation(problem);
            return new CancellationFacts
            {
                Kind = CancellationKind.ServiceProblem,
                TargetId = problem.Id,
                Cancellation = c,
                CancellationId = c?.Id,
                CancellationStatus = c?.Status ?? default,
                ReasonCode = NullIfEmpty(c?.ReasonCode.Value),
                Text = c?.Text,
                Supplier = envelope.Supplier,
                EntityPendingCancellation = problem.Status == ServiceProblemStatus.PendingCancellation,
                EntityFailedToSend = problem.Status == ServiceProblemStatus.FailedToSend,
            };
        }

        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
