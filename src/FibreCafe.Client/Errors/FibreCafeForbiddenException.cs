namespace FibreCafe.Client;

/// <summary>The gateway or its web application firewall refused the call (403), often with no body: check the IP allow-list and the token's scope.</summary>
public sealed class FibreCafeForbiddenException : FibreCafeApiException
{
    /// <summary>Initializes a new instance of the <see cref="FibreCafeForbiddenException"/> class.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="error">The parsed error body, if any.</param>
    /// <param name="responseBody">The raw response body.</param>
    /// <param name="correlation">The ids of the call.</param>
    public FibreCafeForbiddenException(int status, GatewayError? error, string? responseBody, FibreCafeCorrelation? correlation)
        : base(status, error, responseBody, correlation)
    {
    }
}
