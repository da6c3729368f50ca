using FibreCafe.Client.Errors;
using FibreCafe.Client.Resilience;
using FibreCafe.Client.Telemetry;
using FibreCafe.Client.Validation;
using Microsoft.Extensions.Logging;
using Refit;

namespace FibreCafe.Client.Http;

/// <summary>The facade over <see cref="IFibreCafeTenantApi"/>: validation, typed results and typed errors.</summary>
internal sealed class FibreCafeClient(
    IFibreCafeTenantApi api,
    IEnumerable<IFibreCafeCancellationObserver> observers,
    TimeProvider timeProvider,
    ILogger<FibreCafeClient> logger) : IFibreCafeClient
{
    private static readonly CancellationOperation<ServiceOrderCancellationRequest, ServiceOrderCancellation> ServiceOrder = new(
        static (request, correlation) => CancellationRequestValidator.Validate(request, correlation),
        static (api, request, correlation, ct) => api.CancelServiceOrderAsync(request, correlation.RequestId, correlation.ConversationId, ct),
        static (observer, request, response, ct) => observer.OnServiceOrderCancellationCreatedAsync(request, response, ct));

    private static readonly CancellationOperation<ServiceProblemCancellationRequest, ServiceProblemCancellation> ServiceProblem = new(
        static (request, correlation) => CancellationRequestValidator.Validate(request, correlation),
        static (api, request, correlation, ct) => api.CancelServiceProblemAsync(request, correlation.RequestId, correlation.ConversationId, ct),
        static (observer, request, response, ct) => observer.OnServiceProblemCancellationCreatedAsync(request, response, ct));

    private readonly IFibreCafeCancellationObserver[] _observers = observers.ToArray();

    // The throwing and the non-throwing forms share one async method (one state machine per call); they differ
    // only in how it ends. The completions are static, so a call allocates no delegate for them.
    public Task<FibreCafeResponse<ServiceOrderCancellation>> CancelServiceOrderAsync(
        ServiceOrderCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default) =>
        CallAsync(ServiceOrder, request, Resolve(options), static (created, failure, _) => created ?? throw failure!, cancellationToken);

    public Task<FibreCafeResponse<ServiceProblemCancellation>> CancelServiceProblemAsync(
        ServiceProblemCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default) =>
        CallAsync(ServiceProblem, request, Resolve(options), static (created, failure, _) => created ?? throw failure!, cancellationToken);

    public Task<FibreCafeResult<ServiceOrderCancellation>> TryCancelServiceOrderAsync(
        ServiceOrderCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(ServiceOrder, request, Resolve(options), ToResult, cancellationToken);
    }

    public Task<FibreCafeResult<ServiceProblemCancellation>> TryCancelServiceProblemAsync(
        ServiceProblemCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(ServiceProblem, request, Resolve(options), ToResult, cancellationToken);
    }

    /// <summary>
    /// One logical call with its resolved ids: validate, send, map the answer, tell the observers of a 201, then
    /// <paramref name="complete"/> it: the throwing forms return the response or throw the failure, the
    /// <c>Try…</c> forms wrap either in a <see cref="FibreCafeResult{T}"/>.
    /// </summary>
    private async Task<TResult> CallAsync<TRequest, T, TResult>(
        CancellationOperation<TRequest, T> operation,
        TRequest request,
        FibreCafeCorrelation correlation,
        Func<FibreCafeResponse<T>?, FibreCafeException?, FibreCafeCorrelation, TResult> complete,
        CancellationToken cancellationToken)
    {
        // The throwing forms report a null request through their task (a faulted task, not a synchronous throw).
        ArgumentNullException.ThrowIfNull(request);
        if (operation.Validate(request, correlation) is { } invalid)
        {
            Log.RequestInvalid(logger, invalid.Field, correlation.RequestId);
            return complete(null, invalid, correlation);
        }

        FibreCafeResponse<T>? created = null;
        FibreCafeApiException? failure = null;
        try
        {
            using var response = await operation.Send(api, request, correlation, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessful && response.Content is { } content)
            {
                created = new FibreCafeResponse<T>(content, correlation, (int)response.StatusCode);
            }
            else
            {
                failure = ToException(response, correlation);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && FibreCafeExceptionFactory.FromTransportFailure(ex, correlation) is { } transportFailure)
        {
            failure = transportFailure;
        }

        if (created is not null && _observers.Length > 0)
        {
            await NotifyAsync(operation, request, created, cancellationToken).ConfigureAwait(false);
        }

        return complete(created, failure, correlation);
    }

    private static FibreCafeCorrelation Resolve(FibreCafeCallOptions? options) =>
        FibreCafeCorrelation.Resolve(options?.RequestId, options?.ConversationId);

    // Apart from the call's own method, so that its state machine carries no loop state when nobody observes.
    private async Task NotifyAsync<TRequest, T>(
        CancellationOperation<TRequest, T> operation, TRequest request, FibreCafeResponse<T> created, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await operation.Notify(observer, request, created, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An observer must not turn a created cancellation into a failure (see IFibreCafeCancellationObserver).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ObserverFailed(logger, observer.GetType().Name, ex);
            }
        }
    }

    private static FibreCafeResult<T> ToResult<T>(FibreCafeResponse<T>? created, FibreCafeException? failure, FibreCafeCorrelation correlation) =>
        created is not null ? FibreCafeResult<T>.Success(created) : FibreCafeResult<T>.Failure(failure!, correlation);

    private FibreCafeApiException ToException(IApiResponse response, FibreCafeCorrelation correlation)
    {
        if (response.HasRequestError(out var requestError))
        {
            return FibreCafeExceptionFactory.FromTransportFailure(requestError, correlation)
                ?? new FibreCafeUnavailableException(null, null, null, correlation, innerException: requestError);
        }

        // The call handler has already read and parsed the error body of this answer.
        var state = Correlation.FibreCafeCallState.Of(response.RequestMessage);
        var (error, body) = state is not null
            ? (state.LastError, state.LastErrorBody)
            : (GatewayErrorReader.TryParse((response.Error as ApiException)?.Content), (response.Error as ApiException)?.Content);
        if (response.IsSuccessStatusCode)
        {
            // A 2xx whose body is not a cancellation: keep it visible rather than return nothing.
            return new FibreCafeApiException((int)response.StatusCode, null, body ?? (response.Error as ApiException)?.Content, correlation,
                $"The gateway answered {(int)response.StatusCode} with a body that is not a cancellation (X-Request-ID {correlation.RequestId}).",
                response.Error);
        }

        return FibreCafeExceptionFactory.FromResponse(
            response.StatusCode ?? 0, error, body, RetryAfter.Of(response.Headers, timeProvider), correlation);
    }
}
