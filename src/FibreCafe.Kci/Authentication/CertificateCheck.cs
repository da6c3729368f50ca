using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// Mutual TLS: the client certificate must be pinned in <c>Authentication:Certificate:Thumbprints</c> (SHA-1 or
/// SHA-256). Pinning replaces chain validation: only the listed certificates are trusted, whoever issued them.
/// </summary>
internal static class CertificateCheck
{
    public static SchemeCheck Check(X509Certificate2? certificate, KciCertificateAuthenticationOptions settings, TimeProvider timeProvider)
    {
        if (certificate is null)
        {
            return SchemeCheck.None;
        }

        if (!IsPinned(certificate, settings.Thumbprints))
        {
            return SchemeCheck.Fail("The client certificate is not in Authentication:Certificate:Thumbprints.");
        }

        var now = timeProvider.GetLocalNow().DateTime;
        if (settings.RequireValidityPeriod && (now < certificate.NotBefore || now > certificate.NotAfter))
        {
            return SchemeCheck.Fail("The client certificate is outside its validity period.");
        }

        return SchemeCheck.Success(
            KciAuthenticationSchemes.Certificate,
            new Claim(ClaimTypes.Name, certificate.Subject),
            new Claim(ClaimTypes.Thumbprint, certificate.Thumbprint));
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
