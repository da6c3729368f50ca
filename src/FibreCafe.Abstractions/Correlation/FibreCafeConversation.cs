namespace FibreCafe.Client;

/// <summary>
/// An ambient conversation: every Tenant API call made inside it sends the same
/// <c>X-Conversation-ID</c>, which the gateway repeats on the KCIs about the same business flow.
/// </summary>
/// <example>
/// <code>
/// using (FibreCafeConversation.Begin("order-123"))
/// {
///     await client.CancelServiceOrderAsync(request);
/// }
/// </code>
/// </example>
public static class FibreCafeConversation
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>Gets the id of the innermost open conversation on this async flow, if any.</summary>
    public static string? CurrentId => Current.Value;

    /// <summary>Opens a conversation; dispose the result to return to the enclosing one.</summary>
    /// <param name="conversationId">The conversation id; a new UUID when omitted.</param>
    /// <returns>A scope that restores the previous conversation when disposed.</returns>
    public static IDisposable Begin(string? conversationId = null)
    {
        if (conversationId is not null && string.IsNullOrWhiteSpace(conversationId))
        {
            throw new ArgumentException("A conversation id must not be blank.", nameof(conversationId));
        }

        var scope = new Scope(Current.Value);
        Current.Value = conversationId ?? FibreCafeCorrelation.NewId();
        return scope;
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Current.Value = previous;
            }
        }
    }
}
