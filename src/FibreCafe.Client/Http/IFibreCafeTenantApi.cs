using Refit;

namespace FibreCafe.Client;

/// <summary>
/// The Refit contract of the Tenant API 1.17 cancellation operations. Prefer <see cref="IFibreCafeClient"/>,
/// which validates requests and raises typed exceptions; this interface is for callers who want the raw
/// <see cref="IApiResponse{T}"/>. Both go through the same handler pipeline (correlation, resilience, token).
/// </summary>
public interface IFibreCafeTenantApi
{
    /// <summary>Sends <c>POST /service-order-cancellations</c> (operation <c>handleCancelOrder</c>).</summary>
    /// <param name="request">The cancellation request.</param>
    /// <param name="requestId">The <c>X-Request-ID</c>; a new UUID when <see langword="null"/>.</param>
    /// <param name="conversationId">The <c>X-Conversation-ID</c>; the ambient conversation or a new UUID when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response; its content is the 201 body on success.</returns>
    [Post("/service-order-cancellations")]
    Task<IApiResponse<ServiceOrderCancellation>> CancelServiceOrderAsync(
        [Body] ServiceOrderCancellationRequest request,
        [Header(FibreCafeHeaders.RequestId)] string? requestId = null,
        [Header(FibreCafeHeaders.ConversationId)] string? conversationId = null,
        CancellationToken cancellationToken = default);

    /// <summary>Sends <c>POST /service-problem-cancellations</c> (operation <c>handleCancelProblem</c>).</summary>
    /// <param name="request">The cancellation request.</param>
    /// <param name="requestId">The <c>X-Request-ID</c>; a new UUID when <see langword="null"/>.</param>
    /// <param name="conversationId">The <c>X-Conversation-ID</c>; the ambient conversation or a new UUID when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response; its content is the 201 body on success.</returns>
    [Post("/service-problem-cancellations")]
    Task<IApiResponse<ServiceProblemCancellation>> CancelServiceProblemAsync(
        [Body] ServiceProblemCancellationRequest request,
        [Header(FibreCafeHeaders.RequestId)] string? requestId = null,
        [Header(FibreCafeHeaders.ConversationId)] string? conversationId = null,
        CancellationToken cancellationToken = default);
}
