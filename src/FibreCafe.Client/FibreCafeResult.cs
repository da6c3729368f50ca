using System.Diagnostics.CodeAnalysis;

namespace FibreCafe.Client;

/// <summary>
/// The outcome of a call made through a <c>Try…</c> method: either the response, or the exception
/// the throwing form would have raised. Never throws for a gateway or validation failure.
/// </summary>
/// <typeparam name="T">The body type.</typeparam>
public sealed class FibreCafeResult<T>
{
    private FibreCafeResult(FibreCafeResponse<T>? response, FibreCafeException? error, FibreCafeCorrelation correlation)
    {
        Response = response;
        Error = error;
        Correlation = correlation;
    }

    /// <summary>Gets the response, when the call succeeded.</summary>
    public FibreCafeResponse<T>? Response { get; }

    /// <summary>Gets the failure, when the call did not succeed.</summary>
    public FibreCafeException? Error { get; }

    /// <summary>Gets the ids that were sent (or would have been, for a local validation failure).</summary>
    public FibreCafeCorrelation Correlation { get; }

    /// <summary>Gets a value indicating whether the gateway answered with success.</summary>
    [MemberNotNullWhen(true, nameof(Response))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Response is not null;

    /// <summary>Returns the response, or throws <see cref="Error"/>.</summary>
    /// <returns>The response.</returns>
    public FibreCafeResponse<T> GetResponseOrThrow() => IsSuccess ? Response : throw Error;

    /// <summary>Creates a successful result.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The result.</returns>
    public static FibreCafeResult<T> Success(FibreCafeResponse<T> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(response, null, response.Correlation);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The failure.</param>
    /// <param name="correlation">The ids of the call.</param>
    /// <returns>The result.</returns>
    public static FibreCafeResult<T> Failure(FibreCafeException error, FibreCafeCorrelation correlation)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error, correlation);
    }
}
