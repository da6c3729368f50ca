using FibreCafe.Client;

namespace FibreCafe.Kci;

/// <summary>What the four service order cancellation events share.</summary>
public abstract record ServiceOrderCancellationEvent : KciEvent
{
    private protected ServiceOrderCancellationEvent()
    {
    }

    /// <summary>Gets the gateway order id.</summary>
    public long OrderId { get; init; }

    /// <summary>Gets the gateway cancellation id, when the KCI carried it or the ledger knew the open cancellation.</summary>
    public long? CancellationId { get; init; }

    /// <summary>Gets the explanation: the supplier's text (<c>action.text</c>, <c>information.text</c>) or the gateway's error messages.</summary>
    public string? ReasonText { get; init; }

    /// <summary>Gets the cancellation object of the KCI, when it carried one.</summary>
    public ServiceOrderCancellation? Cancellation { get; init; }
}
