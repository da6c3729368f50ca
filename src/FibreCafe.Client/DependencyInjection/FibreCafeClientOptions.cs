using FibreCafe.Client.DependencyInjection;

namespace FibreCafe.Client;

/// <summary>
/// Settings of a Fibre Cafe client, bound from the <c>FibreCafe</c> configuration section (a named client's from the
/// section passed to <c>AddFibreCafeClient(name, section)</c>). Validated when the host starts.
/// </summary>
public sealed class FibreCafeClientOptions
{
    /// <summary>The configuration section these options are usually bound from: <c>FibreCafe</c>.</summary>
    public const string SectionName = FibreCafeClientConstants.SectionName;

    /// <summary>The gateway's tenant token path, relative to the base address: <c>auth/tenant/access-token</c>.</summary>
    public const string DefaultTokenPath = FibreCafeClientConstants.DefaultTokenPath;

    /// <summary>The default of <see cref="MaxResponseBodyBytes"/>: 1 MiB, far above any cancellation the gateway returns.</summary>
    public const int DefaultMaxResponseBodyBytes = FibreCafeClientConstants.DefaultMaxResponseBodyBytes;

    /// <summary>The default of <see cref="MaxErrorResponseBodyBytes"/>: 16 KiB, room for the gateway's <c>{uuid, code, messages}</c>.</summary>
    public const int DefaultMaxErrorResponseBodyBytes = FibreCafeClientConstants.DefaultMaxErrorResponseBodyBytes;

    /// <summary>The default of <see cref="MaxTokenResponseBytes"/>: 16 KiB, room for any OAuth2 token answer.</summary>
    public const int DefaultMaxTokenResponseBytes = FibreCafeClientConstants.DefaultMaxTokenResponseBytes;

    /// <summary>The smallest body limit accepted: 1 KiB.</summary>
    public const int MinBodyLimitBytes = FibreCafeClientConstants.MinBodyLimitBytes;

    /// <summary>The largest body limit accepted: 64 MiB.</summary>
    public const int MaxBodyLimitBytes = FibreCafeClientConstants.MaxBodyLimitBytes;

    /// <summary>The lifetime of a token whose answer has no <c>expires_in</c>: 3600 s, as the gateway documents.</summary>
    public const int DefaultTokenLifetimeSeconds = FibreCafeClientConstants.DefaultTokenLifetimeSeconds;

    /// <summary>The default of <see cref="MaxTokenLifetime"/>: 1 hour, the lifetime the gateway documents.</summary>
    public static readonly TimeSpan DefaultMaxTokenLifetime = FibreCafeClientConstants.DefaultMaxTokenLifetime;

    /// <summary>
    /// Gets or sets the Tenant API base address, including <c>/v1</c>: production
    /// <c>https://prod.fibregateway.com/v1</c>, CVT <c>https://cvt.fibregateway.com/v1</c>.
    /// Required; plain http is accepted only for loopback hosts.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Gets or sets the OAuth2 token endpoint. Default: <see cref="BaseAddress"/> +
    /// <c>/auth/tenant/access-token</c>, i.e. <c>https://prod.fibregateway.com/v1/auth/tenant/access-token</c>.
    /// </summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Gets or sets the OAuth2 client id issued at onboarding. Required.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the OAuth2 client secret. Required. Never logged or shown by <see cref="ToString"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets the space-delimited OAuth2 scope, e.g. <c>com.fibregateway.CVT/tenant.all.all</c>; none by default.</summary>
    public string? Scope { get; set; }

    /// <summary>Gets or sets how the client authenticates to the token endpoint. Default: <see cref="FibreCafeClientCredentialStyle.BasicAuthentication"/>.</summary>
    public FibreCafeClientCredentialStyle ClientCredentialStyle { get; set; } = FibreCafeClientConstants.DefaultClientCredentialStyle;

    /// <summary>Gets or sets how long before its <c>expires_in</c> ends a token counts as expired. Default: 60 s; not negative.</summary>
    public TimeSpan TokenExpiryMargin { get; set; } = FibreCafeClientConstants.DefaultTokenExpiryMargin;

    /// <summary>
    /// Gets or sets how long before a token counts as expired a background refresh starts, so that callers
    /// rarely wait for a token. Default: 5 minutes; not negative; <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public TimeSpan TokenRefreshAhead { get; set; } = FibreCafeClientConstants.DefaultTokenRefreshAhead;

    /// <summary>
    /// Gets or sets the timeout of one token request, its answer's body included. Default: 30 s. Must be positive and below
    /// <see cref="FibreCafeResilienceOptions.TotalTimeout"/>. The wait for a token does not count against
    /// <see cref="FibreCafeResilienceOptions.AttemptTimeout"/>: nothing has been sent to the gateway yet, so a token
    /// that does not come is a transient <see cref="FibreCafeAuthenticationException"/>, retried like other token failures.
    /// </summary>
    public TimeSpan TokenRequestTimeout { get; set; } = FibreCafeClientConstants.DefaultTokenRequestTimeout;

    /// <summary>
    /// Gets or sets the longest time an access token is cached, whatever its <c>expires_in</c> says. Default:
    /// <see cref="DefaultMaxTokenLifetime"/> (1 hour). A token whose <c>expires_in</c> is zero or negative is not
    /// cached at all; one without <c>expires_in</c> lives <see cref="DefaultTokenLifetimeSeconds"/>. Must be above
    /// <see cref="TokenExpiryMargin"/>.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = DefaultMaxTokenLifetime;

    /// <summary>
    /// Gets or sets the largest body of a successful gateway answer (the 201 cancellation) the client reads, in
    /// bytes. Default: <see cref="DefaultMaxResponseBodyBytes"/> (1 MiB); <see cref="MinBodyLimitBytes"/> to
    /// <see cref="MaxBodyLimitBytes"/>. A larger body is not read: the call fails with
    /// <see cref="FibreCafeResponseTooLargeException"/>.
    /// </summary>
    public int MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;

    /// <summary>
    /// Gets or sets how much of a failed gateway answer's body the client reads, in bytes; the rest is dropped
    /// unread. Default: <see cref="DefaultMaxErrorResponseBodyBytes"/> (16 KiB); <see cref="MinBodyLimitBytes"/> to
    /// <see cref="MaxBodyLimitBytes"/>. <see cref="FibreCafeApiException.ResponseBody"/> keeps at most
    /// <see cref="FibreCafeApiException.MaxResponseBodyLength"/> characters of it.
    /// </summary>
    public int MaxErrorResponseBodyBytes { get; set; } = DefaultMaxErrorResponseBodyBytes;

    /// <summary>
    /// Gets or sets the largest answer of the token endpoint the client reads, in bytes. Default:
    /// <see cref="DefaultMaxTokenResponseBytes"/> (16 KiB); <see cref="MinBodyLimitBytes"/> to
    /// <see cref="MaxBodyLimitBytes"/>. A larger answer fails the token request with a
    /// <see cref="FibreCafeAuthenticationException"/> (<c>OAuthError</c> <c>response_too_large</c>), not retried.
    /// </summary>
    public int MaxTokenResponseBytes { get; set; } = DefaultMaxTokenResponseBytes;

    /// <summary>Gets or sets the resilience settings, bound from the <c>Resilience</c> key of the client's section (<c>FibreCafe:Resilience</c>).</summary>
    public FibreCafeResilienceOptions Resilience { get; set; } = new();

    /// <summary>Gets the token endpoint in use: <see cref="TokenEndpoint"/>, or the default under <see cref="BaseAddress"/>.</summary>
    /// <returns>The token endpoint, or <see langword="null"/> when neither is set.</returns>
    public Uri? GetEffectiveTokenEndpoint() =>
        TokenEndpoint ?? (BaseAddress is { IsAbsoluteUri: true } b
            ? new Uri(new Uri(b.AbsoluteUri.TrimEnd('/') + "/"), DefaultTokenPath)
            : null);

    /// <summary>Describes the options without the client secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"FibreCafeClientOptions {{ BaseAddress = {WithoutUserInfo(BaseAddress)}, TokenEndpoint = {WithoutUserInfo(GetEffectiveTokenEndpoint())}, ClientId = {ClientId}, ClientSecret = {(ClientSecret is null ? "(none)" : "***")}, Scope = {Scope} }}";

    // A URI's user information is a credential; the validator refuses it, and a description never shows it.
    private static string? WithoutUserInfo(Uri? uri) =>
        uri is { IsAbsoluteUri: true, UserInfo.Length: > 0 } ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString() : uri?.ToString();
}
