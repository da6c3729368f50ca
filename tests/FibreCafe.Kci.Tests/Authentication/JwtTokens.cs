using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Kci.Tests.Authentication;

/// <summary>Keys and tokens minted in the test, as the gateway's authorization server would.</summary>
internal static class JwtTokens
{
    public const string Audience = "https://retailer.example/kcis";
    public const string Issuer = "https://tenant-identity.example";

    public static string NewSymmetricKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Mint(
        SecurityKey key,
        string algorithm,
        string audience = Audience,
        string issuer = Issuer,
        DateTime? expires = null,
        string? scope = "kci.write")
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = "fibre-cafe-gateway" };
        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Audience = audience,
            Issuer = issuer,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    public static string MintSymmetric(string base64Key, string audience = Audience, DateTime? expires = null, string? scope = "kci.write") =>
        Mint(new SymmetricSecurityKey(Convert.FromBase64String(base64Key)), SecurityAlgorithms.HmacSha256, audience, Issuer, expires, scope);
}
