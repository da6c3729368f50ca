using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Kci.Authentication;

/// <summary>Reads a pinned JWT signing key: a PEM public key (RSA or EC), or a base64 symmetric key.</summary>
internal static class SigningKeys
{
    public const int MinimumSymmetricKeyBytes = 32;

    public static SecurityKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return TryImportEc(value) is { } ec ? new ECDsaSecurityKey(ec) : new RsaSecurityKey(ImportRsa(value));
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(value.Trim()));
    }

    /// <summary>Why a configured key cannot be used, or <see langword="null"/> when it can.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is empty";
        }

        try
        {
            return Parse(value) is SymmetricSecurityKey { Key.Length: < MinimumSymmetricKeyBytes }
                ? $"is a symmetric key shorter than {MinimumSymmetricKeyBytes} bytes"
                : null;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        {
            return "is neither a PEM public key nor a base64 symmetric key";
        }
    }

    private static RSA ImportRsa(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    private static ECDsa? TryImportEc(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            ec.Dispose();
            return null;
        }
    }
}
