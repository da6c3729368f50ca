using FibreCafe.Kci.DependencyInjection;

namespace FibreCafe.Kci;

/// <summary>
/// OAuth2 bearer JWT authentication (<c>Authentication:Bearer</c>), validated by ASP.NET Core's
/// JwtBearer handler: keys from the <see cref="Authority"/>'s discovery document, or pinned in <see cref="SigningKeys"/>.
/// </summary>
public sealed class KciBearerAuthenticationOptions
{
    /// <summary>Gets or sets the token issuer whose OpenID Connect metadata gives the signing keys and issuer (https).</summary>
    public string? Authority { get; set; }

    /// <summary>Gets or sets the audience the token must carry. Required with bearer authentication.</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets the issuer the token must carry; with <see cref="Authority"/> it defaults to the metadata's issuer.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// Gets the pinned signing keys, several for rotation: each a PEM public key (RSA or EC,
    /// <c>-----BEGIN PUBLIC KEY-----</c>) or a base64 symmetric key of at least 32 bytes.
    /// </summary>
    public IList<string> SigningKeys { get; } = [];

    /// <summary>Gets the scopes a token must all carry (<c>scope</c> or <c>scp</c> claim); a token without them gets 403.</summary>
    public IList<string> RequiredScopes { get; } = [];

    /// <summary>Gets or sets the clock skew allowed on <c>exp</c> and <c>nbf</c>. Default: 2 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = KciReceiverConstants.DefaultClockSkew;

    /// <summary>Gets a value indicating whether bearer authentication is configured.</summary>
    public bool IsConfigured => Authority is not null || Audience is not null || SigningKeys.Count > 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"Bearer {{ Authority = {Authority}, Audience = {Audience}, Issuer = {Issuer}, SigningKeys = {SigningKeys.Count}, RequiredScopes = {string.Join(' ', RequiredScopes)} }}";
}
