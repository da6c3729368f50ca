namespace FibreCafe.Testing;

/// <summary>The values of the <c>X-Scenario</c> header the sandbox understands, as on the gateway's CVT environment.</summary>
public static class FibreCafeSandboxScenarios
{
    /// <summary>The <c>X-Scenario</c> header: which supplier behaviour to simulate.</summary>
    public const string Header = "X-Scenario";

    /// <summary>The <c>X-Kci-Delay</c> header: seconds before the simulated supplier's KCIs are delivered.</summary>
    public const string KciDelayHeader = "X-Kci-Delay";

    /// <summary>The supplier accepts the cancellation: one INFORMATIONAL KCI, <c>CANCELLED</c>, request <c>COMPLETED</c>. The default.</summary>
    public const string CancellationAccepted = "CANCELLATION_ACCEPTED";

    /// <summary>The supplier rejects it: one ACTION_REQUIRED KCI with <c>RESUBMIT</c>, request <c>REJECTED</c>.</summary>
    public const string CancellationRejected = "CANCELLATION_REJECTED";

    /// <summary>The supplier is still deciding: one INFORMATIONAL KCI, <c>PENDING_CANCELLATION</c>, request <c>PENDING</c>.</summary>
    public const string CancellationPending = "CANCELLATION_PENDING";

    /// <summary>Gets every scenario the sandbox knows.</summary>
    public static IReadOnlyList<string> All { get; } = [CancellationAccepted, CancellationRejected, CancellationPending];
}
