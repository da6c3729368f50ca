using FibreCafe.Client.Http;
using FibreCafe.Client.DependencyInjection;

namespace FibreCafe.Client.Authentication;

/// <summary>
/// The one handler of the token endpoint's HttpClient: it refuses a redirect (the client secret must never travel to
/// an address that was not configured) and reads the answer into memory under
/// <see cref="FibreCafeClientOptions.MaxTokenResponseBytes"/> and the token request's own timeout, before Duende
/// parses it. A redirect or an oversized answer fails the request with a <see cref="TokenAnswerRefusedException"/>.
/// </summary>
internal sealed class TokenEndpointAnswerHandler(FibreCafeClientContext client) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentTo = request.RequestUri;
        var maxBytes = client.Options.MaxTokenResponseBytes;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (RedirectRefusal.Find(request, sentTo, response) is { } redirect)
            {
                throw TokenAnswerRefusedException.Redirect(redirect.Status, redirect.Location);
            }

            if (!await ResponseBodyBuffer.TryBufferAsync(response, maxBytes, cancellationToken).ConfigureAwait(false))
            {
                throw TokenAnswerRefusedException.TooLarge((int)response.StatusCode, maxBytes, client.Registration.KeyOf(nameof(FibreCafeClientOptions.MaxTokenResponseBytes)));
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

/// <summary>Why <see cref="TokenEndpointAnswerHandler"/> refused the token endpoint's answer; mapped to a <see cref="FibreCafeAuthenticationException"/>.</summary>
internal sealed class TokenAnswerRefusedException : Exception
{
    private TokenAnswerRefusedException(int? status, string error, string message)
        : base(message)
    {
        Status = status;
        Error = error;
    }

    public int? Status { get; }

    /// <summary>Gets the client's own code for the refusal, reported as <see cref="FibreCafeAuthenticationException.OAuthError"/>.</summary>
    public string Error { get; }

    public static TokenAnswerRefusedException Redirect(int? status, Uri? location) => new(
        status,
        "redirect_refused",
        $"The token endpoint redirected to {RedirectRefusal.Describe(location)}; redirects are never followed, so the client secret stays with the configured endpoint.");

    /// <param name="status">The status of the answer.</param>
    /// <param name="maxBytes">The limit the answer exceeded.</param>
    /// <param name="setting">The key of that limit, e.g. <c>FibreCafe:MaxTokenResponseBytes</c>.</param>
    public static TokenAnswerRefusedException TooLarge(int status, int maxBytes, string setting) => new(
        status,
        "response_too_large",
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The token endpoint's answer is larger than {maxBytes} bytes ({setting}) and was not read."));
}
