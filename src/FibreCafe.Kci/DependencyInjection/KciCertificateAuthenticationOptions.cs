namespace FibreCafe.Kci;

/// <summary>
/// Mutual TLS (<c>Authentication:Certificate</c>): the gateway's client certificate must be one of
/// <see cref="Thumbprints"/>. The server must ask for client certificates (Kestrel
/// <c>ClientCertificateMode</c>), or a proxy must forward it (<c>AddCertificateForwarding</c>).
/// </summary>
public sealed class KciCertificateAuthenticationOptions
{
    /// <summary>
    /// Gets the allowed certificate thumbprints, several for rotation: SHA-1 (40 hex digits, as
    /// <c>X509Certificate2.Thumbprint</c>) or SHA-256 (64 hex digits); case, spaces and colons are ignored.
    /// </summary>
    public IList<string> Thumbprints { get; } = [];

    /// <summary>Gets or sets whether the certificate must be within its validity period. Default: <see langword="true"/>.</summary>
    public bool RequireValidityPeriod { get; set; } = true;

    /// <summary>Gets a value indicating whether certificate authentication is configured.</summary>
    public bool IsConfigured => Thumbprints.Count > 0;

    /// <inheritdoc />
    public override string ToString() => $"Certificate {{ Thumbprints = {Thumbprints.Count} }}";
}
