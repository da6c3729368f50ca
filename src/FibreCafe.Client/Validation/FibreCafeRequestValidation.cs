using FibreCafe.Client.Validation;

namespace FibreCafe.Client;

/// <summary>
/// The gateway's field rules that <see cref="IFibreCafeClient"/> checks before it sends, for code that must check a
/// request earlier: before it stores it to send later, or before it accepts it from its own caller.
/// </summary>
public static class FibreCafeRequestValidation
{
    /// <summary>Checks an order cancellation.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The first rule it breaks, naming the field; <see langword="null"/> when it is valid.</returns>
    public static FibreCafeValidationException? Validate(ServiceOrderCancellationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CancellationRequestValidator.Validate(request, null);
    }

    /// <summary>Checks a service problem cancellation.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The first rule it breaks, naming the field; <see langword="null"/> when it is valid.</returns>
    public static FibreCafeValidationException? Validate(ServiceProblemCancellationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CancellationRequestValidator.Validate(request, null);
    }
}
