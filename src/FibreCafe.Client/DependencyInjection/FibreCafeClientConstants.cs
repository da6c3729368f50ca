namespace FibreCafe.Client.DependencyInjection;

/// <summary>
/// Every default and limit of <see cref="FibreCafeClientOptions"/>, in one place: the property initializers, the
/// public <c>Default…</c> constants and the validator use these. The XML docs of the options repeat the values.
/// </summary>
internal static class FibreCafeClientConstants
{
    /// <summary>The configuration section of the unnamed client.</summary>
    public const string SectionName = "FibreCafe";

    /// <summary>The token path under the base address when <see cref="FibreCafeClientOptions.TokenEndpoint"/> is not set.</summary>
    public const string DefaultTokenPath = "auth/tenant/access-token";

    public const FibreCafeClientCredentialStyle DefaultClientCredentialStyle = FibreCafeClientCredentialStyle.BasicAuthentication;

    /// <summary>The lifetime of a token whose answer has no <c>expires_in</c>, as the gateway documents.</summary>
    public const int DefaultTokenLifetimeSeconds = 3600;

    public const int DefaultMaxResponseBodyBytes = 1024 * 1024;

    public const int DefaultMaxErrorResponseBodyBytes = 16 * 1024;

    public const int DefaultMaxTokenResponseBytes = 16 * 1024;

    /// <summary>The smallest value of each body limit.</summary>
    public const int MinBodyLimitBytes = 1024;

    /// <summary>The largest value of each body limit.</summary>
    public const int MaxBodyLimitBytes = 64 * 1024 * 1024;

    public static readonly TimeSpan DefaultTokenExpiryMargin = TimeSpan.FromSeconds(60);

    /// <summary>The default of <see cref="FibreCafeClientOptions.TokenRefreshAhead"/>; <see cref="TimeSpan.Zero"/> turns the refresh off.</summary>
    public static readonly TimeSpan DefaultTokenRefreshAhead = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultTokenRequestTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultMaxTokenLifetime = TimeSpan.FromHours(1);
}
