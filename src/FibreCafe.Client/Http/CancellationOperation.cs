using Refit;

namespace FibreCafe.Client.Http;

/// <summary>
/// What differs between the facade's operations: how a request is validated, sent and announced to the observers.
/// Built once per operation from static lambdas, so that a call allocates no closure or delegate for them.
/// </summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="T">The type of the 201 body.</typeparam>
/// <param name="Validate">Checks the request; returns the failure, or <see langword="null"/>.</param>
/// <param name="Send">Sends the request through <see cref="IFibreCafeTenantApi"/> with the call's ids.</param>
/// <param name="Notify">Tells one observer of a created cancellation.</param>
internal sealed record CancellationOperation<TRequest, T>(
    Func<TRequest, FibreCafeCorrelation, FibreCafeValidationException?> Validate,
    Func<IFibreCafeTenantApi, TRequest, FibreCafeCorrelation, CancellationToken, Task<IApiResponse<T>>> Send,
    Func<IFibreCafeCancellationObserver, TRequest, FibreCafeResponse<T>, CancellationToken, Task> Notify);
