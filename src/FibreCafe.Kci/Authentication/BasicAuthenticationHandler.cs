using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// Basic authentication against the configured pairs (<c>Authentication:Basic</c>). Every pair is
/// compared, in constant time, whatever matched before, so timing tells nothing about which part was wrong.
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    BasicCredentialHashes configured)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!TryDecode(header.Parameter, out var username, out var password))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Basic credentials are not base64 of user:password."));
        }

        var usernameHash = ConstantTime.Hash(username);
        var passwordHash = ConstantTime.Hash(password);
        var matched = false;
        foreach (var pair in configured.Current)
        {
            // Non-short-circuit '&' and '|': every pair costs the same, match or not.
            matched |= ConstantTime.Equals(usernameHash, pair.Username) & ConstantTime.Equals(passwordHash, pair.Password);
        }

        if (!matched)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Basic credentials do not match a configured pair."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
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
