using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;

namespace FibreCafe.Testing.Internal;

/// <summary>The token endpoint: client credentials in, short-lived opaque bearer tokens out.</summary>
internal sealed class SandboxTokens(FibreCafeSandboxOptions options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public ResponseMessage Issue(IRequestMessage request)
    {
        Interlocked.Increment(ref _requests);
        var form = System.Web.HttpUtility.ParseQueryString(request.Body ?? string.Empty);
        if (form["grant_type"] != "client_credentials")
        {
            return SandboxResponses.OAuthError("unsupported_grant_type", "Only client_credentials is supported.");
        }

        var (clientId, clientSecret) = Credentials(request, form);
        if (!FixedTimeEquals(clientId, options.ClientId) | !FixedTimeEquals(clientSecret, options.ClientSecret))
        {
            return SandboxResponses.OAuthError("invalid_client", "Client authentication failed.");
        }

        var token = "sbx_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _issued[token] = timeProvider.GetUtcNow() + options.TokenLifetime;
        return SandboxResponses.Json(200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (int)options.TokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        });
    }

    /// <summary>Whether the request carries a bearer token this sandbox issued and that has not expired.</summary>
    public bool IsAuthorized(IRequestMessage request) =>
        Header(request, "Authorization") is { } value
        && value.StartsWith("Bearer ", StringComparison.Ordinal)
        && _issued.TryGetValue(value["Bearer ".Length..], out var expires)
        && timeProvider.GetUtcNow() < expires;

    /// <summary>Expires every issued token, as if the gateway had rotated its keys: the next call gets a 401.</summary>
    public void RevokeAll() => _issued.Clear();

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers is { } headers && headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    private static (string? Id, string? Secret) Credentials(IRequestMessage request, System.Collections.Specialized.NameValueCollection form)
    {
        if (Header(request, "Authorization") is { } auth && auth.StartsWith("Basic ", StringComparison.Ordinal))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth["Basic ".Length..]));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (null, null) : (pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static bool FixedTimeEquals(string? actual, string expected) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(actual)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
