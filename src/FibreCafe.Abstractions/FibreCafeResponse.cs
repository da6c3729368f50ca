namespace FibreCafe.Client;

/// <summary>A successful answer of the gateway: its body and the correlation ids that were sent.</summary>
/// <typeparam name="T">The body type.</typeparam>
/// <param name="Value">The 201 body.</param>
/// <param name="Correlation">The ids that were sent.</param>
/// <param name="Status">The HTTP status (201).</param>
public sealed record FibreCafeResponse<T>(T Value, FibreCafeCorrelation Correlation, int Status)
{
    /// <summary>Gets the <c>X-Request-ID</c> that was sent.</summary>
    public string RequestId => Correlation.RequestId;

    /// <summary>Gets the <c>X-Conversation-ID</c> that was sent.</summary>
    public string ConversationId => Correlation.ConversationId;
}
