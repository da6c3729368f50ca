namespace FibreCafe.Kci;

/// <summary>What a cancellation cancels.</summary>
public enum CancellationKind
{
    /// <summary>A service order (<c>POST /service-order-cancellations</c>).</summary>
    ServiceOrder = 0,

    /// <summary>A service problem (<c>POST /service-problem-cancellations</c>).</summary>
    ServiceProblem = 1,
}
