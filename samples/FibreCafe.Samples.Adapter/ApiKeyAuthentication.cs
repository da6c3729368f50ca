using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using FibreCafe.Tmf641;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FibreCafe.Samples;

/// <summary>
/// The TMF641 API's authentication: <c>Authorization: Bearer &lt;key&gt;</c> with the one key of <c>Sample:ApiKey</c>.
/// A real adapter would check an OAuth token (<c>AddJwtBearer</c>); what matters here is where it plugs in: a scheme
/// and a policy that only the API's route group requires, so <c>/kcis</c> keeps its own and <c>/health</c> stays open.
/// </summary>
internal static class ApiKeyAuthentication
{
    public const string Scheme = "SampleApiKey";

    public const string Policy = "tmf641";

    public const string ConfigurationKey = "Sample:ApiKey";

    /// <summary>Registers the scheme and the policy; <see langword="false"/> when no key is configured.</summary>
    public static bool TryAdd(WebApplicationBuilder builder)
    {
        var key = builder.Configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        builder.Services.AddAuthentication()
            .AddScheme<ApiKeyOptions, ApiKeyHandler>(Scheme, o => o.Key = SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return true;
    }

    internal sealed class ApiKeyOptions : AuthenticationSchemeOptions
    {
        public byte[] Key { get; set; } = [];
    }

    /// <summary>Checks the bearer key; a missing or wrong one is challenged with 401, a TMF <c>Error</c> and <c>WWW-Authenticate: Bearer</c>.</summary>
    internal sealed class ApiKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
    {
        private const string Prefix = "Bearer ";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            // Constant time over the SHA-256 of both, so that how long the answer takes tells nothing about how much of a
            // guess was right, nor how long the key is.
            // The failure's message is logged by ASP.NET Core: it never holds the key given or the key expected.
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim())), Options.Key))
            {
                return Task.FromResult(AuthenticateResult.Fail("The bearer key is not the API key."));
            }

            // The name is recorded as the submitter's user of each request the API creates.
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Bearer";
            Response.ContentType = Tmf641Constants.MediaType;
            var error = new JsonObject
            {
                ["code"] = "UNAUTHORIZED",
                ["reason"] = "This API needs its API key as a bearer token (Authorization: Bearer, then the key); it was missing or wrong.",
                ["status"] = StatusCodes.Status401Unauthorized.ToString(CultureInfo.InvariantCulture),
                ["@type"] = "Error",
            };
            return Response.WriteAsync(error.ToJsonString(), Context.RequestAborted);
        }
    }
}
