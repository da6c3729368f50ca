using Duende.IdentityModel.Client;
using FibreCafe.Client.DependencyInjection;
using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Client.Authentication;

/// <summary>
/// Gets tokens for one registered client with the OAuth2 client-credentials grant (Duende.IdentityModel
/// does the protocol work) and caches them in its own <see cref="AccessTokenCache"/>: one of each per client name,
/// so that a token is only ever sent by the client that fetched it.
/// </summary>
internal sealed class ClientCredentialsTokenClient(
    FibreCafeClientContext client,
    IHttpClientFactory httpClientFactory,
    AccessTokenCache cache,
    TimeProvider timeProvider,
    ILogger<ClientCredentialsTokenClient> logger)
{
    // The cache key and the fetch delegate of the current settings, built once instead of on every call
    // (the default token endpoint alone costs two Uri objects per call). Rebuilt if the settings change.
    private CallSettings? _settings;

    /// <summary>Gets a valid token; after a 401, pass the rejected token so that a new one is fetched.</summary>
    public Task<AccessToken> GetTokenAsync(string? rejectedToken, CancellationToken cancellationToken)
    {
        var o = client.Options;
        var settings = _settings;
        if (settings is null || !settings.Matches(o))
        {
            _settings = settings = NewSettings(o);
        }

        if (rejectedToken is not null)
        {
            cache.Invalidate(settings.Key, rejectedToken);
        }

        return cache.GetAsync(settings.Key, new TokenCachePolicy(o.TokenExpiryMargin, o.TokenRefreshAhead), settings.Fetch, cancellationToken);
    }

    // A method of its own: a lambda in GetTokenAsync that captured its locals would allocate a closure on every call.
    private CallSettings NewSettings(FibreCafeClientOptions o)
    {
        var key = new TokenCacheKey(o.GetEffectiveTokenEndpoint()!, o.ClientId!, o.Scope);
        return new CallSettings(o, o.BaseAddress, o.TokenEndpoint, o.ClientId, o.Scope, key, () => RequestTokenAsync(key, o));
    }

    private async Task<AccessToken> RequestTokenAsync(TokenCacheKey key, FibreCafeClientOptions o)
    {
        TransportSecurity.EnsureSecureOrLoopback(key.TokenEndpoint, "the client secret");
        Log.TokenRequesting(logger, key.TokenEndpoint, key.ClientId);
        client.Metrics.TokenRequested();

        // Not tied to any one caller: every waiter of this single flight depends on it.
        using var timeout = new CancellationTokenSource(o.TokenRequestTimeout, timeProvider);
        using var http = httpClientFactory.CreateClient(client.Registration.TokenHttpClientName);
        TokenResponse response;
        try
        {
            response = await http.RequestClientCredentialsTokenAsync(
                new ClientCredentialsTokenRequest
                {
                    Address = key.TokenEndpoint.AbsoluteUri,
                    ClientId = key.ClientId,
                    ClientSecret = o.ClientSecret,
                    Scope = key.Scope,
                    ClientCredentialStyle = o.ClientCredentialStyle == FibreCafeClientCredentialStyle.PostBody
                        ? ClientCredentialStyle.PostBody
                        : ClientCredentialStyle.AuthorizationHeader,
                    // base64(client_id:client_secret) exactly as the gateway documents, without RFC 6749 form-encoding.
                    AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc2617,
                },
                timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw Failed(null, "timeout", $"No answer within {o.TokenRequestTimeout.TotalSeconds} s.", transient: true, ex);
        }

        if (response.Exception is TokenAnswerRefusedException refused)
        {
            throw Failed(refused.Status, refused.Error, refused.Message, transient: false, refused);
        }

        if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
        {
            var status = response.ErrorType == ResponseErrorType.Exception ? (int?)null : (int)response.HttpStatusCode;
            var oauthError = response.Json is not null ? response.TryGet("error") : null;
            var transient = status is null or >= 500 or 408 or 429;
            throw Failed(status, oauthError ?? (response.ErrorType == ResponseErrorType.Exception ? "unreachable" : null),
                response.Json is not null ? response.TryGet("error_description") : null, transient, response.Exception);
        }

        var lifetime = TokenLifetime.Of(response.Json, o.MaxTokenLifetime);
        if (!lifetime.Cacheable)
        {
            Log.TokenNotCached(logger, key.ClientId, lifetime.ExpiresIn);
        }
        else if (lifetime.Capped)
        {
            Log.TokenLifetimeCapped(logger, key.ClientId, lifetime.ExpiresIn, lifetime.Lifetime.TotalSeconds, client.Registration.KeyOf(nameof(FibreCafeClientOptions.MaxTokenLifetime)));
        }

        Log.TokenIssued(logger, key.ClientId, (int)lifetime.Lifetime.TotalSeconds);
        return new AccessToken(response.AccessToken, timeProvider.GetUtcNow() + lifetime.Lifetime, lifetime.Cacheable);

        FibreCafeAuthenticationException Failed(int? status, string? error, string? description, bool transient, Exception? inner)
        {
            Log.TokenRequestFailed(logger, key.ClientId, status, error);
            return new FibreCafeAuthenticationException(status, error, description, transient, correlation: null, inner);
        }
    }

    private sealed record CallSettings(
        FibreCafeClientOptions Options, Uri? BaseAddress, Uri? TokenEndpoint, string? ClientId, string? Scope, TokenCacheKey Key, Func<Task<AccessToken>> Fetch)
    {
        public bool Matches(FibreCafeClientOptions o) =>
            ReferenceEquals(Options, o) && ReferenceEquals(BaseAddress, o.BaseAddress) && ReferenceEquals(TokenEndpoint, o.TokenEndpoint)
            && ReferenceEquals(ClientId, o.ClientId) && ReferenceEquals(Scope, o.Scope);
    }
}
