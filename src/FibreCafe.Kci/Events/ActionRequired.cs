using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>
/// The tenant must act (<c>ACTION_REQUIRED</c>): send information, re-appoint, resubmit, or confirm a
/// resolution. A <c>RESUBMIT</c> that concerns a cancellation raises the cancellation's rejected event instead.
/// </summary>
public sealed record ActionRequired : KciEvent
{
    /// <summary>Gets the entity id (order, problem or test id) as sent.</summary>
    public string? EntityId { get; init; }

    /// <summary>Gets what the tenant must do.</summary>
    public KciActionType Type { get; init; }

    /// <summary>Gets the gateway's problem code, when there is one.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the supplier's explanation.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the supplier's own code, when there is one.</summary>
    public string? SupplierCode { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
