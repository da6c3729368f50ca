namespace FibreCafe.Client;

/// <summary>
/// Hears of every cancellation the gateway accepted (201) through <c>IFibreCafeClient</c> (package <c>FibreCafe.Client</c>);
/// for example the cancellation ledger of <c>FibreCafe.Kci</c>. Register implementations as services.
/// </summary>
/// <remarks>
/// An observer that throws is logged and ignored: the gateway has already created the cancellation,
/// and failing the call would invite the caller to send it a second time.
/// </remarks>
public interface IFibreCafeCancellationObserver
{
    /// <summary>Called after the gateway created a service order cancellation.</summary>
    /// <param name="request">The request that was sent.</param>
    /// <param name="response">The gateway's answer.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    /// <returns>A task that completes when the observer is done.</returns>
    Task OnServiceOrderCancellationCreatedAsync(
        ServiceOrderCancellationRequest request,
        FibreCafeResponse<ServiceOrderCancellation> response,
        CancellationToken cancellationToken);

    /// <summary>Called after the gateway created a service problem cancellation.</summary>
    /// <param name="request">The request that was sent.</param>
    /// <param name="response">The gateway's answer.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    /// <returns>A task that completes when the observer is done.</returns>
    Task OnServiceProblemCancellationCreatedAsync(
        ServiceProblemCancellationRequest request,
        FibreCafeResponse<ServiceProblemCancellation> response,
        CancellationToken cancellationToken);
}
