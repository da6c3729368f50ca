using System.Net;

namespace FibreCafe.Client.Http;

/// <summary>
/// The client never follows a redirect, for the gateway as for the token endpoint: a 307/308 would carry the
/// cancellation (or the client secret in a form body) to an address nobody configured, and a 301/302/303 would turn
/// the POST into a GET whose 2xx looks like a created cancellation. Both HTTP clients are built with
/// <c>AllowAutoRedirect = false</c>; this check also catches a replaced primary handler that follows them anyway.
/// </summary>
internal static class RedirectRefusal
{
    /// <summary>Gets the redirect this answer is, or was after a handler followed it; <see langword="null"/> when it is none.</summary>
    /// <param name="request">The request, after it was sent: a handler that follows a redirect rewrites its URI.</param>
    /// <param name="sentTo">The URI the request was sent to.</param>
    /// <param name="response">The answer.</param>
    public static (int? Status, Uri? Location)? Find(HttpRequestMessage request, Uri? sentTo, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400 && response.StatusCode != HttpStatusCode.NotModified)
        {
            var location = response.Headers.Location;
            return (status, location is { IsAbsoluteUri: false } && sentTo is not null ? new Uri(sentTo, location) : location);
        }

        return ReferenceEquals(request.RequestUri, sentTo) || request.RequestUri == sentTo ? null : (null, request.RequestUri);
    }

    /// <summary>Names a redirect target for a message: path only, since a query string may carry what the redirecting server passes on.</summary>
    public static string Describe(Uri? location) => location switch
    {
        null => "no Location",
        { IsAbsoluteUri: true } => $"'{location.GetLeftPart(UriPartial.Path)}'",
        _ => $"'{location.OriginalString.Split('?')[0]}'",
    };

    /// <summary>Turns off automatic redirects on the primary handlers the client knows; others are left as they are.</summary>
    public static void Disable(HttpMessageHandler primary)
    {
        switch (primary)
        {
            case HttpClientHandler handler:
                handler.AllowAutoRedirect = false;
                break;
            case SocketsHttpHandler handler:
                handler.AllowAutoRedirect = false;
                break;
        }
    }
}
