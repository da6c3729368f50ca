using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// Runs every configured scheme on a KCI request; the first that succeeds wins. A bearer token must
/// also carry the required scopes (else 403). Anonymous access is honoured only in Development.
/// </summary>
internal sealed class KciRequestAuthenticator(
    IOptionsMonitor<FibreCafeKciOptions> options,
    IOptionsMonitor<JwtBearerOptions> jwtBearerOptions,
    IHostEnvironment environment)
{
    public async Task<KciAuthenticationOutcome> AuthenticateAsync(HttpContext context)
    {
        var settings = options.CurrentValue.Authentication;
        if (settings.AllowAnonymous && environment.IsDevelopment())
        {
            return KciAuthenticationOutcome.Allow(null, "Anonymous");
        }

        var failures = new List<string>();
        foreach (var scheme in EnabledSchemes(settings))
        {
            if (scheme == KciAuthenticationSchemes.Bearer)
            {
                await EnsureSigningKeysAsync(context).ConfigureAwait(false);
            }

            var result = await context.AuthenticateAsync(scheme).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return scheme == KciAuthenticationSchemes.Bearer && MissingScopes(result.Principal, settings.Bearer) is { Count: > 0 } missing
                    ? KciAuthenticationOutcome.Forbidden(scheme, $"The access token lacks the scope(s) {string.Join(' ', missing)}.")
                    : KciAuthenticationOutcome.Allow(result.Principal, scheme);
            }

            if (result.Failure is { } failure)
            {
                failures.Add(failure.Message);
            }
        }

        return failures.Count > 0
            ? KciAuthenticationOutcome.Unauthorized("The credentials were not accepted.", string.Join(" ", failures))
            : KciAuthenticationOutcome.Unauthorized("Authentication is required.", "No credentials were presented.");
    }

    /// <summary>The <c>WWW-Authenticate</c> challenges of the configured schemes, for a 401.</summary>
    public IEnumerable<string> Challenges()
    {
        var settings = options.CurrentValue.Authentication;
        if (settings.Bearer.IsConfigured)
        {
            yield return "Bearer";
        }

        if (settings.Basic.IsConfigured)
        {
            yield return $"Basic realm=\"{settings.Basic.Realm}\", charset=\"UTF-8\"";
        }
    }

    // JwtBearer turns "the authority's keys cannot be fetched" into a 401 (no key matches), which would
    // tell the gateway its credentials are wrong. Fetching them first (cached by the configuration
    // manager) makes it throw instead, which the endpoint answers with 503 so the gateway delivers again.
    private async Task EnsureSigningKeysAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && jwtBearerOptions.Get(KciAuthenticationSchemes.Bearer).ConfigurationManager is { } configuration)
        {
            await configuration.GetConfigurationAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> EnabledSchemes(KciAuthenticationOptions settings)
    {
        if (settings.Certificate.IsConfigured)
        {
            yield return KciAuthenticationSchemes.Certificate;
        }

        if (settings.Bearer.IsConfigured)
        {
            yield return KciAuthenticationSchemes.Bearer;
        }

        if (settings.Basic.IsConfigured)
        {
            yield return KciAuthenticationSchemes.Basic;
        }
    }

    private static List<string> MissingScopes(ClaimsPrincipal? principal, KciBearerAuthenticationOptions bearer)
    {
        var granted = (principal?.FindAll("scope") ?? []).Concat(principal?.FindAll("scp") ?? [])
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        return bearer.RequiredScopes.Where(s => !granted.Contains(s)).ToList();
    }
}
