using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// Basic authentication against the configured pairs (<c>Authentication:Basic</c>). Every pair is compared, in
/// constant time, whatever matched before, so timing tells nothing about which part was wrong.
/// </summary>
internal static class BasicCredentialCheck
{
    public static SchemeCheck Check(string? authorization, IReadOnlyList<(byte[] Username, byte[] Password)> configured)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return SchemeCheck.None;
        }

        if (!TryDecode(header.Parameter, out var username, out var password))
        {
            return SchemeCheck.Fail("The Basic credentials are not base64 of user:password.");
        }

        var usernameHash = ConstantTime.Hash(username);
        var passwordHash = ConstantTime.Hash(password);
        var matched = false;
        foreach (var pair in configured)
        {
            // Non-short-circuit '&' and '|': every pair costs the same, match or not.
            matched |= ConstantTime.Equals(usernameHash, pair.Username) & ConstantTime.Equals(passwordHash, pair.Password);
        }

        return matched
            ? SchemeCheck.Success(KciAuthenticationSchemes.Basic, new Claim(ClaimTypes.Name, username))
            : SchemeCheck.Fail("The Basic credentials do not match a configured pair.");
    }

    private static bool TryDecode(string? parameter, out string username, out string password)
    {
        username = password = string.Empty;
        if (string.IsNullOrEmpty(parameter))
        {
            return false;
        }

        var bytes = new byte[(parameter.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(parameter, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        username = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
