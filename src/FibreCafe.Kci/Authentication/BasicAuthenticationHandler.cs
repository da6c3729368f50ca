using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Authentication;

/// <summary>The <c>FibreCafeKci.Basic</c> scheme, for hosts that use it elsewhere: <see cref="BasicCredentialCheck"/> on the request.</summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    BasicCredentialHashes configured)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(SchemeResults.ToAuthenticateResult(BasicCredentialCheck.Check(Request.Headers.Authorization, configured.Current), Scheme.Name));
}
