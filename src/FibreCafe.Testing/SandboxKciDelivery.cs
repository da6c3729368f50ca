namespace FibreCafe.Testing;

/// <summary>One attempt of the sandbox to deliver a KCI to the receiver.</summary>
/// <param name="KciId">The KCI's <c>id</c>; the same on every attempt.</param>
/// <param name="Attempt">The 1-based attempt number.</param>
/// <param name="Status">The receiver's HTTP status, or <see langword="null"/> when it could not be reached.</param>
/// <param name="Body">The KCI as sent.</param>
public sealed record SandboxKciDelivery(string KciId, int Attempt, int? Status, string Body)
{
    /// <summary>Gets a value indicating whether the receiver acknowledged the KCI with a 2xx.</summary>
    public bool Acknowledged => Status is >= 200 and < 300;
}
