using Microsoft.AspNetCore.Http;

namespace FibreCafe.Kci.Authentication;

/// <summary>Hands a request's credentials to <see cref="KciCredentialValidator"/>, the check every host shares.</summary>
internal sealed class KciRequestAuthenticator(KciCredentialValidator validator)
{
    public async Task<KciCredentialResult> AuthenticateAsync(HttpContext context)
    {
        // Only when pinned certificates are configured: asking the connection for one may renegotiate TLS.
        var certificate = validator.UsesClientCertificates
            ? context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false)
            : null;
        return await validator.ValidateAsync(context.Request.Headers.Authorization.ToString(), certificate, context, context.RequestAborted).ConfigureAwait(false);
    }
}
