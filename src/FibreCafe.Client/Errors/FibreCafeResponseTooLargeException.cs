using System.Globalization;

namespace FibreCafe.Client;

/// <summary>
/// The gateway answered with success, but its body is larger than <see cref="FibreCafeClientOptions.MaxResponseBodyBytes"/>,
/// so it was not read. The gateway has acted on the request (a 201 means the cancellation was created) but its
/// answer cannot be trusted: look the order or problem up before sending the cancellation again. Never retried.
/// </summary>
public sealed class FibreCafeResponseTooLargeException : FibreCafeApiException
{
    /// <summary>Initializes a new instance of the <see cref="FibreCafeResponseTooLargeException"/> class.</summary>
    /// <param name="status">The HTTP status of the answer.</param>
    /// <param name="maxBytes">The limit the body exceeded.</param>
    /// <param name="correlation">The ids of the call.</param>
    public FibreCafeResponseTooLargeException(int status, long maxBytes, FibreCafeCorrelation? correlation)
        : base(status, error: null, responseBody: null, correlation, string.Create(CultureInfo.InvariantCulture,
            $"The Fibre Cafe gateway answered {status} with a body larger than {maxBytes} bytes (FibreCafe:MaxResponseBodyBytes), which was not read; the gateway may have acted on the request (X-Request-ID {correlation?.RequestId}, X-Conversation-ID {correlation?.ConversationId})."))
    {
        MaxBytes = maxBytes;
    }

    /// <summary>Gets the limit the body exceeded, in bytes.</summary>
    public long MaxBytes { get; }
}
