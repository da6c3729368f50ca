namespace FibreCafe.Client;

/// <summary>The base of every exception the Fibre Cafe client raises; it carries the call's correlation ids.</summary>
public abstract class FibreCafeException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="FibreCafeException"/> class.</summary>
    /// <param name="message">The message; it never contains a secret.</param>
    /// <param name="correlation">The ids of the call, when one was prepared.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    protected FibreCafeException(string message, FibreCafeCorrelation? correlation, Exception? innerException = null)
        : base(message, innerException)
    {
        RequestId = correlation?.RequestId;
        ConversationId = correlation?.ConversationId;
    }

    /// <summary>Gets the <c>X-Request-ID</c> of the call; quote it to Fibre Cafe support.</summary>
    public string? RequestId { get; }

    /// <summary>Gets the <c>X-Conversation-ID</c> of the call.</summary>
    public string? ConversationId { get; }
}
