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
    private readonly IFibreCafeCancellationObserver[] _observers = observers.ToArray();

    public async Task<FibreCafeResponse<ServiceOrderCancellation>> CancelServiceOrderAsync(
        ServiceOrderCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default) =>
        (await TryCancelServiceOrderAsync(request, options, cancellationToken).ConfigureAwait(false)).GetResponseOrThrow();

    public async Task<FibreCafeResponse<ServiceProblemCancellation>> CancelServiceProblemAsync(
        ServiceProblemCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default) =>
        (await TryCancelServiceProblemAsync(request, options, cancellationToken).ConfigureAwait(false)).GetResponseOrThrow();

    public Task<FibreCafeResult<ServiceOrderCancellation>> TryCancelServiceOrderAsync(
        ServiceOrderCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(
            options,
            correlation => CancellationRequestValidator.Validate(request, correlation),
            (correlation, ct) => api.CancelServiceOrderAsync(request, correlation.RequestId, correlation.ConversationId, ct),
            (observer, response, ct) => observer.OnServiceOrderCancellationCreatedAsync(request, response, ct),
            cancellationToken);
    }

    public Task<FibreCafeResult<ServiceProblemCancellation>> TryCancelServiceProblemAsync(
        ServiceProblemCancellationRequest request, FibreCafeCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(
            options,
            correlation => CancellationRequestValidator.Validate(request, correlation),
            (correlation, ct) => api.CancelServiceProblemAsync(request, correlation.RequestId, correlation.ConversationId, ct),
            (observer, response, ct) => observer.OnServiceProblemCancellationCreatedAsync(request, response, ct),
            cancellationToken);
    }

    /// <summary>One logical call: resolve the ids, validate, send, map the answer, tell the observers of a 201.</summary>
    private async Task<FibreCafeResult<T>> CallAsync<T>(
        FibreCafeCallOptions? options,
        Func<FibreCafeCorrelation, FibreCafeValidationException?> validate,
        Func<FibreCafeCorrelation, CancellationToken, Task<IApiResponse<T>>> send,
        Func<IFibreCafeCancellationObserver, FibreCafeResponse<T>, CancellationToken, Task> notify,
        CancellationToken cancellationToken)
    {
        var correlation = FibreCafeCorrelation.Resolve(options?.RequestId, options?.ConversationId);
        var result = await SendAsync(correlation, validate(correlation), ct => send(correlation, ct), cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            await NotifyAsync(observer => notify(observer, result.Response, cancellationToken)).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<FibreCafeResult<T>> SendAsync<T>(
        FibreCafeCorrelation correlation,
        FibreCafeValidationException? invalid,
        Func<CancellationToken, Task<IApiResponse<T>>> send,
        CancellationToken cancellationToken)
    {
        if (invalid is not null)
        {
            Log.RequestInvalid(logger, invalid.Field, correlation.RequestId);
            return FibreCafeResult<T>.Failure(invalid, correlation);
        }

        try
        {
            using var response = await send(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessful && response.Content is { } content)
            {
                return FibreCafeResult<T>.Success(new FibreCafeResponse<T>(content, correlation, (int)response.StatusCode));
            }

            return FibreCafeResult<T>.Failure(ToException(response, correlation), correlation);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && FibreCafeExceptionFactory.FromTransportFailure(ex, correlation) is { } failure)
        {
            return FibreCafeResult<T>.Failure(failure, correlation);
        }
    }

    private FibreCafeApiException ToException(IApiResponse response, FibreCafeCorrelation correlation)
    {
        if (response.HasRequestError(out var requestError))
        {
            return FibreCafeExceptionFactory.FromTransportFailure(requestError, correlation)
                ?? new FibreCafeUnavailableException(null, null, null, correlation, innerException: requestError);
        }

        // The correlation handler has already read and parsed the error body of this answer.
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

    private async Task NotifyAsync(Func<IFibreCafeCancellationObserver, Task> notify)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await notify(observer).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An observer must not turn a created cancellation into a failure (see IFibreCafeCancellationObserver).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ObserverFailed(logger, observer.GetType().Name, ex);
            }
        }
    }
}
