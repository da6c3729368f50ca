namespace FibreCafe.Client;

/// <summary>
/// Cancels in-flight fibre orders and fault tickets on the Fibre Cafe gateway (Tenant API 1.17).
/// Each call is validated locally, sent with <c>X-Request-ID</c> and <c>X-Conversation-ID</c>,
/// retried on transient faults, and answered with the gateway's 201 body or a typed exception.
/// The final outcome of a cancellation arrives later as a KCI.
/// </summary>
public interface IFibreCafeClient
{
    /// <summary>Asks the gateway to cancel an in-flight provide, cease or modify order.</summary>
    /// <param name="request">The cancellation request.</param>
    /// <param name="options">Per-call correlation ids; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The gateway's 201 body and the ids that were sent.</returns>
    /// <exception cref="FibreCafeValidationException">The request broke a field rule; nothing was sent.</exception>
    /// <exception cref="FibreCafeApiException">The gateway did not answer with success; see the subclasses.</exception>
    Task<FibreCafeResponse<ServiceOrderCancellation>> CancelServiceOrderAsync(
        ServiceOrderCancellationRequest request,
        FibreCafeCallOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Asks the gateway to cancel an in-flight service problem (fault ticket).</summary>
    /// <param name="request">The cancellation request.</param>
    /// <param name="options">Per-call correlation ids; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The gateway's 201 body and the ids that were sent.</returns>
    /// <exception cref="FibreCafeValidationException">The request broke a field rule; nothing was sent.</exception>
    /// <exception cref="FibreCafeApiException">The gateway did not answer with success; see the subclasses.</exception>
    Task<FibreCafeResponse<ServiceProblemCancellation>> CancelServiceProblemAsync(
        ServiceProblemCancellationRequest request,
        FibreCafeCallOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>The non-throwing form of <see cref="CancelServiceOrderAsync"/>.</summary>
    /// <param name="request">The cancellation request.</param>
    /// <param name="options">Per-call correlation ids; optional.</param>
    /// <param name="cancellationToken">Cancels the call; cancellation still throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The response or the failure.</returns>
    Task<FibreCafeResult<ServiceOrderCancellation>> TryCancelServiceOrderAsync(
        ServiceOrderCancellationRequest request,
        FibreCafeCallOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>The non-throwing form of <see cref="CancelServiceProblemAsync"/>.</summary>
    /// <param name="request">The cancellation request.</param>
    /// <param name="options">Per-call correlation ids; optional.</param>
    /// <param name="cancellationToken">Cancels the call; cancellation still throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The response or the failure.</returns>
    Task<FibreCafeResult<ServiceProblemCancellation>> TryCancelServiceProblemAsync(
        ServiceProblemCancellationRequest request,
        FibreCafeCallOptions? options = null,
        CancellationToken cancellationToken = default);
}
