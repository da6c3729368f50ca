using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// OAuth2 bearer: validates the token with the <c>FibreCafeKci.Bearer</c> scheme's own <see cref="JwtBearerOptions"/>
/// (token handlers, validation parameters, the authority's discovery document), as ASP.NET Core's JwtBearer handler
/// does, but without an <c>HttpContext</c>. Keys of the authority are fetched before the token is looked at, so an
/// authority that cannot be reached throws (the endpoint answers 503 and the gateway delivers again) instead of
/// becoming "no key matches", a 401 that would tell the gateway its credentials are wrong.
/// </summary>
internal sealed class BearerTokenCheck(IOptionsMonitor<JwtBearerOptions> jwtBearerOptions)
{
    public async Task<SchemeCheck> CheckAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string Prefix = "Bearer ";
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
                failure = ex; // as JwtBearer: a handler that throws refuses the token
                continue;
            }

            if (result.IsValid)
            {
                return new SchemeCheck(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity), null);
            }

            failure = result.Exception;
            if (failure is SecurityTokenSignatureKeyNotFoundException && options.RefreshOnIssuerKeyNotFound)
            {
                options.ConfigurationManager?.RequestRefresh(); // the authority may have rolled its keys
            }
        }

        return SchemeCheck.Fail(failure?.Message ?? "The bearer token is not a JWT.");
    }
}
