namespace FibreCafe.Kci;

/// <summary>What <see cref="ICancellationRequestStore.AddAsync(CancellationRequest, CancellationToken)"/> did.</summary>
/// <param name="Request">The stored request: the new one, or the one already stored under the same idempotency key.</param>
/// <param name="Added">Whether the request was added; <see langword="false"/> when its idempotency key was taken.</param>
public sealed record CancellationRequestAddResult(CancellationRequest Request, bool Added)
{
    /// <summary>Gets a value indicating whether the key was taken by a request with a different payload (its <see cref="CancellationRequest.PayloadHash"/> differs).</summary>
    /// <param name="submitted">The request that was submitted.</param>
    /// <returns>Whether it conflicts with the stored one.</returns>
    public bool ConflictsWith(CancellationRequest submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        return !Added && !string.Equals(Request.PayloadHash, submitted.PayloadHash, StringComparison.Ordinal);
    }
}
