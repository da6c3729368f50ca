namespace FibreCafe.Client;

/// <summary>The gateway rejected the request as malformed (400 `MALFORMED_REQUEST`) or invalid (422 `INVALID_REQUEST`); sending it again unchanged will fail again.</summary>
public sealed class FibreCafeInvalidRequestException : FibreCafeApiException
{
    /// <summary>Initializes a new instance of the <see cref="FibreCafeInvalidRequestException"/> class.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="error">The parsed error body, if any.</param>
    /// <param name="responseBody">The raw response body.</param>
    /// <param name="correlation">The ids of the call.</param>
    public FibreCafeInvalidRequestException(int status, GatewayError? error, string? responseBody, FibreCafeCorrelation? correlation)
        : base(status, error, responseBody, correlation)
    {
    }
}
