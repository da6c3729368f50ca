using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// Mutual TLS: the client certificate of the connection (or one forwarded by a proxy through
/// <c>AddCertificateForwarding</c>) must be pinned in <c>Authentication:Certificate:Thumbprints</c>.
/// Pinning replaces chain validation: only the listed certificates are trusted, whoever issued them.
/// </summary>
internal sealed class CertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<FibreCafeKciOptions> receiverOptions,
    TimeProvider timeProvider)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = Context.Connection.ClientCertificate
            ?? await Context.Connection.GetClientCertificateAsync(Context.RequestAborted).ConfigureAwait(false);
        if (certificate is null)
        {
            return AuthenticateResult.NoResult();
        }

        var settings = receiverOptions.CurrentValue.Authentication.Certificate;
        if (!IsPinned(certificate, settings.Thumbprints))
        {
            return AuthenticateResult.Fail("The client certificate is not in Authentication:Certificate:Thumbprints.");
        }

        var now = timeProvider.GetLocalNow().DateTime;
        if (settings.RequireValidityPeriod && (now < certificate.NotBefore || now > certificate.NotAfter))
        {
            return AuthenticateResult.Fail("The client certificate is outside its validity period.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, certificate.Subject), new Claim(ClaimTypes.Thumbprint, certificate.Thumbprint)],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    // Compares the certificate's SHA-1 and SHA-256 thumbprints with every pinned one, in constant time.
    private static bool IsPinned(X509Certificate2 certificate, IEnumerable<string> thumbprints)
    {
        var sha1 = certificate.GetCertHash(HashAlgorithmName.SHA1);
        var sha256 = certificate.GetCertHash(HashAlgorithmName.SHA256);
        var matched = false;
        foreach (var thumbprint in thumbprints)
        {
            var pinned = Thumbprint.Parse(thumbprint);
            matched |= pinned.Length == sha1.Length
                ? CryptographicOperations.FixedTimeEquals(pinned, sha1)
                : CryptographicOperations.FixedTimeEquals(pinned, sha256);
        }

        return matched;
    }
}
