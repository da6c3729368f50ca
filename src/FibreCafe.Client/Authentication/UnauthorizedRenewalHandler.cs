using System.Net;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Client.Authentication;

/// <summary>
/// On a 401 from the gateway, drops the cached token, fetches a new one and sends once more. A second
/// 401 is returned as it is (and becomes a <see cref="FibreCafeAuthenticationException"/>): no loop.
/// </summary>
internal sealed class UnauthorizedRenewalHandler(ILogger<UnauthorizedRenewalHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        Log.RenewingAfterUnauthorized(logger);
        AccessTokenHandler.MarkTokenRejected(request);
        response.Dispose();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
