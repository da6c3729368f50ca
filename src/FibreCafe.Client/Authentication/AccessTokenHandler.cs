using System.Net.Http.Headers;
using FibreCafe.Client.Correlation;

namespace FibreCafe.Client.Authentication;

/// <summary>Puts a cached bearer token on each attempt; the innermost handler before the network.</summary>
internal sealed class AccessTokenHandler(ClientCredentialsTokenClient tokens) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<string> RejectedTokenKey = new("FibreCafe.RejectedToken");

    /// <summary>Marks the token this request carried as refused, so the next send fetches a new one.</summary>
    public static void MarkTokenRejected(HttpRequestMessage request)
    {
        if (request.Headers.Authorization?.Parameter is { } rejected)
        {
            request.Options.Set(RejectedTokenKey, rejected);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        TransportSecurity.EnsureSecureOrLoopback(request.RequestUri, "an access token");
        request.Options.TryGetValue(RejectedTokenKey, out var rejected);
        AccessToken token;
        try
        {
            token = await tokens.GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);
        }
        catch (FibreCafeAuthenticationException shared) when (FibreCafeCallState.Of(request) is { } state)
        {
            // One failed token request fails all its waiters; give each the ids of its own call.
            throw new FibreCafeAuthenticationException(
                shared.Status, shared.OAuthError, shared.OAuthErrorDescription, shared.IsTransient, state.Correlation, shared.InnerException);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
