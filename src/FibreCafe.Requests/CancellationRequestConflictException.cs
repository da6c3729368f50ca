namespace FibreCafe.Requests;

/// <summary>A submission used an idempotency key already taken by a different cancellation. Nothing was stored.</summary>
public sealed class CancellationRequestConflictException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="CancellationRequestConflictException"/> class.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="existingNumber">The number of the request that holds the key.</param>
    public CancellationRequestConflictException(string idempotencyKey, long existingNumber)
        : base($"The idempotency key '{idempotencyKey}' belongs to cancellation request {existingNumber}, which cancels something else or differently; use a new key for a new cancellation.")
    {
        IdempotencyKey = idempotencyKey;
        ExistingNumber = existingNumber;
    }

    /// <summary>Gets the key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>Gets the number of the request that holds the key.</summary>
    public long ExistingNumber { get; }
}
