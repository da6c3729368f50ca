namespace FibreCafe.Kci;

/// <summary>
/// How the gateway authenticates to <c>POST /kcis</c> (<c>FibreCafe:Kci:Authentication</c>). Any
/// configured mode may authenticate a request; at least one is required.
/// </summary>
public sealed class KciAuthenticationOptions
{
    /// <summary>
    /// Gets or sets whether requests are accepted without authentication. Honoured only when the host
    /// environment is Development; anywhere else the receiver refuses to start with it. Default: <see langword="false"/>.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets Basic authentication (<c>Authentication:Basic</c>).</summary>
    public KciBasicAuthenticationOptions Basic { get; set; } = new();

    /// <summary>Gets or sets OAuth2 bearer JWT authentication (<c>Authentication:Bearer</c>).</summary>
    public KciBearerAuthenticationOptions Bearer { get; set; } = new();

    /// <summary>Gets or sets mutual TLS client certificate authentication (<c>Authentication:Certificate</c>).</summary>
    public KciCertificateAuthenticationOptions Certificate { get; set; } = new();

    /// <inheritdoc />
    public override string ToString() =>
        $"KciAuthenticationOptions {{ AllowAnonymous = {AllowAnonymous}, Basic = {Basic}, Bearer = {Bearer}, Certificate = {Certificate} }}";
}
