using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// OAuth2 bearer, with the <c>FibreCafeKci.Bearer</c> scheme's <see cref="JwtBearerOptions"/>. With an
/// <see cref="HttpContext"/> (the endpoint) ASP.NET Core's JwtBearer handler itself runs, so the host's
/// <see cref="JwtBearerOptions.Events"/> apply; without one the token is validated as that handler does (its token
/// handlers, validation parameters and the authority's discovery document), events aside. Either way the authority's
/// keys are fetched before the token is looked at, so an authority that cannot be reached throws (the endpoint answers
/// 503 and the gateway delivers again) instead of becoming "no key matches", a 401 that would tell the gateway its
/// credentials are wrong.
/// </summary>
internal sealed class BearerTokenCheck(IOptionsMonitor<JwtBearerOptions> jwtBearerOptions)
{
    private const string Prefix = "Bearer ";

    public async Task<SchemeCheck> CheckAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SchemeCheck.None;
        }

        if (jwtBearerOptions.Get(KciAuthenticationSchemes.Bearer).ConfigurationManager is { } manager)
        {
            await manager.GetConfigurationAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var result = await context.AuthenticateAsync(KciAuthenticationSchemes.Bearer).ConfigureAwait(false);
        return result.Succeeded ? new SchemeCheck(result.Principal, null)
            : result.Failure is { } failure ? SchemeCheck.Fail(failure.Message)
            : SchemeCheck.None;
    }

    public async Task<SchemeCheck> CheckAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SchemeCheck.None;
        }

        var token = authorization[Prefix.Length..].Trim();
        if (token.Length == 0)
        {
            return SchemeCheck.None;
        }

        var options = jwtBearerOptions.Get(KciAuthenticationSchemes.Bearer);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } manager)
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            string[] issuers = [configuration.Issuer];
            parameters.ValidIssuers = parameters.ValidIssuers?.Concat(issuers) ?? issuers;
            parameters.IssuerSigningKeys = parameters.IssuerSigningKeys?.Concat(configuration.SigningKeys) ?? configuration.SigningKeys;
        }

        Exception? failure = null;
        foreach (var handler in options.TokenHandlers)
        {
            TokenValidationResult result;
            try
            {
                result = await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // As JwtBearer: a handler that throws refuses the token (and a missing key asks for the keys again).
                failure = ex;
                RefreshOnMissingKey(options, ex);
                continue;
            }

            if (result.IsValid)
            {
                return new SchemeCheck(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity), null);
            }

            failure = result.Exception;
            RefreshOnMissingKey(options, failure);
        }

        return SchemeCheck.Fail(failure?.Message ?? "The bearer token was not accepted.");
    }

    // The authority may have rolled its keys.
    private static void RefreshOnMissingKey(JwtBearerOptions options, Exception? failure)
    {
        if (failure is SecurityTokenSignatureKeyNotFoundException && options.RefreshOnIssuerKeyNotFound)
        {
            options.ConfigurationManager?.RequestRefresh();
        }
    }
}
