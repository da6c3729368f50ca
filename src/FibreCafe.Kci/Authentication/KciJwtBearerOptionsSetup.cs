using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Kci.Authentication;

/// <summary>Configures the receiver's JwtBearer scheme from <c>Authentication:Bearer</c>.</summary>
internal sealed class KciJwtBearerOptionsSetup(IOptions<FibreCafeKciOptions> receiverOptions) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != KciAuthenticationSchemes.Bearer)
        {
            return;
        }

        var bearer = receiverOptions.Value.Authentication.Bearer;
        options.Authority = bearer.Authority;
        options.Audience = bearer.Audience;
        options.MapInboundClaims = false; // keep "scope" and "scp" as issued
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = true,
            ValidAudience = bearer.Audience,
            ValidateIssuer = bearer.Issuer is not null || bearer.Authority is not null,
            ValidIssuer = bearer.Issuer,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = bearer.ClockSkew,
            IssuerSigningKeys = bearer.SigningKeys.Select(SigningKeys.Parse).ToList(),
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
