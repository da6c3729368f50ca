using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// The <c>FibreCafeKci.Certificate</c> scheme, for hosts that use it elsewhere: <see cref="CertificateCheck"/> on the
/// connection's client certificate (or one forwarded by a proxy through <c>AddCertificateForwarding</c>).
/// </summary>
internal sealed class CertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<FibreCafeKciOptions> receiverOptions,
    TimeProvider timeProvider)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = Context.Connection.ClientCertificate
            ?? await Context.Connection.GetClientCertificateAsync(Context.RequestAborted).ConfigureAwait(false);
        var check = CertificateCheck.Check(certificate, receiverOptions.CurrentValue.Authentication.Certificate, timeProvider);
        return SchemeResults.ToAuthenticateResult(check, Scheme.Name);
    }
}
