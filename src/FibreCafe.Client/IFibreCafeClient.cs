namespace FibreCafe.Client;

/// <summary>
/// Cancels in-flight fibre orders and fault tickets on the Fibre Cafe gateway (Tenant API 1.17).
/// Each call is validated locally, sent with <c>X-Request-ID</c> and <c>X-Conversation-ID</c>,
/// retried on transient faults, and answered with the gateway's 201 body or a typed exception.
/// The final outcome of a cancellation arrives later as a KCI.
/// </summary>
/// <remarks>
/// <para>
/// The whole pipeline of a call, outermost first. Each registered client (the unnamed one and every
/// <c>AddFibreCafeClient(name, ...)</c>) has its own instance of every step, its own options and its own token cache.
/// </para>
/// <list type="number">
/// <item><description><b>This facade</b>: validates the request locally (a <see cref="FibreCafeValidationException"/>
/// sends nothing), resolves the call's ids (<see cref="FibreCafeCallOptions"/>, the ambient
/// <see cref="FibreCafeConversation"/>, or new UUIDs), sends through Refit's <see cref="IFibreCafeTenantApi"/> (the body
/// serialized up front), maps the answer to the 201 body or a typed exception, and tells the
/// <see cref="IFibreCafeCancellationObserver"/>s of a 201.</description></item>
/// <item><description><b>Call handler</b>, once per logical call: fills in missing <c>X-Request-ID</c> /
/// <c>X-Conversation-ID</c> headers (never overwriting the caller's), opens the call's <c>Internal</c> Activity and its
/// log scope, counts the call (<c>fibrecafe.client.requests</c>, <c>fibrecafe.client.failures</c>), and runs everything
/// below under the total timeout (<see cref="FibreCafeResilienceOptions.TotalTimeout"/>: attempts, token waits,
/// retries and their delays). It reads the gateway error of a failed answer once, for this facade to map.</description></item>
/// <item><description><b>Polly retry</b>: up to <see cref="FibreCafeResilienceOptions.MaxAttempts"/> attempts with
/// jittered exponential back-off or the gateway's <c>Retry-After</c>; a failure the gateway may have processed is retried
/// only with <see cref="FibreCafeResilienceOptions.RetryAmbiguousFailures"/>.</description></item>
/// <item><description><b>Circuit breaker</b> (<see cref="FibreCafeResilienceOptions.CircuitBreaker"/>): while open, an
/// attempt fails at once without being sent.</description></item>
/// <item><description><b>Attempt handler</b>, once per attempt: opens the attempt's <c>Client</c> Activity and counts it
/// (<c>fibrecafe.client.attempts</c>); puts the client's cached bearer token on the request (one token request for all
/// waiters; the wait is bounded by <see cref="FibreCafeClientOptions.TokenRequestTimeout"/> and the total timeout, not
/// the attempt timeout); then, under the attempt timeout (<see cref="FibreCafeResilienceOptions.AttemptTimeout"/>),
/// sends, refuses a redirect (<see cref="FibreCafeRedirectException"/>) and buffers the body: a 2xx body up to
/// <see cref="FibreCafeClientOptions.MaxResponseBodyBytes"/> (<see cref="FibreCafeResponseTooLargeException"/> beyond),
/// an error body up to <see cref="FibreCafeClientOptions.MaxErrorResponseBodyBytes"/>. A 401 drops the token, fetches a
/// new one and resends once within the same attempt.</description></item>
/// <item><description><b>Your handlers</b>, added to the <c>IHttpClientBuilder</c> that <c>AddFibreCafeClient</c>
/// returns.</description></item>
/// <item><description><b>Primary handler</b>: <see cref="HttpClientHandler"/> with <c>AllowAutoRedirect = false</c>.</description></item>
/// </list>
/// <para>
/// Tokens come from the client's own token endpoint HttpClient: a redirect-refusing primary handler, then a handler that
/// refuses a redirect and reads the answer up to <see cref="FibreCafeClientOptions.MaxTokenResponseBytes"/>, then
/// Duende.IdentityModel's client-credentials request.
/// </para>
/// </remarks>
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
