namespace FibreCafe.Client;

/// <summary>
/// Authentication failed: the token endpoint refused the client credentials or could not be reached,
/// or the gateway answered 401 even to a freshly issued token. Never carries the client secret or a token.
/// </summary>
public sealed class FibreCafeAuthenticationException : FibreCafeApiException
{
    /// <summary>Initializes a new instance for a gateway 401.</summary>
    /// <param name="error">The parsed error body, if any.</param>
    /// <param name="responseBody">The raw response body.</param>
    /// <param name="correlation">The ids of the call.</param>
    public FibreCafeAuthenticationException(GatewayError? error, string? responseBody, FibreCafeCorrelation? correlation)
        : base(401, error, responseBody, correlation)
    {
    }

    /// <summary>Initializes a new instance for a failed token request.</summary>
    /// <param name="tokenEndpointStatus">The token endpoint's HTTP status, or <see langword="null"/> when it was not reached.</param>
    /// <param name="oauthError">The OAuth <c>error</c> value, e.g. <c>invalid_client</c>.</param>
    /// <param name="oauthErrorDescription">The OAuth <c>error_description</c> value.</param>
    /// <param name="isTransient">Whether trying again later may succeed (the endpoint was down or answered 5xx).</param>
    /// <param name="correlation">The ids of the call that needed the token.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public FibreCafeAuthenticationException(
        int? tokenEndpointStatus,
        string? oauthError,
        string? oauthErrorDescription,
        bool isTransient,
        FibreCafeCorrelation? correlation,
        Exception? innerException = null)
        : base(
            tokenEndpointStatus,
            error: null,
            responseBody: null,
            correlation,
            DescribeTokenFailure(tokenEndpointStatus, oauthError, oauthErrorDescription, correlation),
            innerException)
    {
        OAuthError = oauthError;
        OAuthErrorDescription = oauthErrorDescription;
        IsTransient = isTransient;
        IsTokenRequestFailure = true;
    }

    /// <summary>Gets the OAuth <c>error</c> of a failed token request, e.g. <c>invalid_client</c>.</summary>
    public string? OAuthError { get; }

    /// <summary>Gets the OAuth <c>error_description</c> of a failed token request.</summary>
    public string? OAuthErrorDescription { get; }

    /// <summary>Gets a value indicating whether the token request failed (rather than the gateway answering 401).</summary>
    public bool IsTokenRequestFailure { get; }

    /// <summary>Gets a value indicating whether trying again later may succeed.</summary>
    public bool IsTransient { get; }

    private static string DescribeTokenFailure(int? status, string? error, string? description, FibreCafeCorrelation? correlation) =>
        $"The access token request failed ({(status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response")}"
        + (error is null ? string.Empty : $", {error}")
        + (description is null ? string.Empty : $": {Truncate(description)}")
        + $") (X-Request-ID {correlation?.RequestId}, X-Conversation-ID {correlation?.ConversationId}).";
}
