namespace FibreCafe.Client;

/// <summary>
/// Settings of the Fibre Cafe client, bound from the <c>FibreCafe</c> configuration section.
/// Validated when the host starts.
/// </summary>
public sealed class FibreCafeClientOptions
{
    /// <summary>The configuration section these options are usually bound from: <c>FibreCafe</c>.</summary>
    public const string SectionName = "FibreCafe";

    /// <summary>The gateway's tenant token path, relative to the base address: <c>auth/tenant/access-token</c>.</summary>
    public const string DefaultTokenPath = "auth/tenant/access-token";

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
    public FibreCafeClientCredentialStyle ClientCredentialStyle { get; set; } = FibreCafeClientCredentialStyle.BasicAuthentication;

    /// <summary>Gets or sets how long before its <c>expires_in</c> ends a token counts as expired. Default: 60 s.</summary>
    public TimeSpan TokenExpiryMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets how long before a token counts as expired a background refresh starts, so that callers
    /// rarely wait for a token. Default: 5 minutes; <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public TimeSpan TokenRefreshAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the timeout of one token request. Default: 30 s.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the resilience settings, bound from <c>FibreCafe:Resilience</c>.</summary>
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
        $"FibreCafeClientOptions {{ BaseAddress = {BaseAddress}, TokenEndpoint = {GetEffectiveTokenEndpoint()}, ClientId = {ClientId}, ClientSecret = {(ClientSecret is null ? "(none)" : "***")}, Scope = {Scope} }}";
}
