namespace FibreCafe.Client;

/// <summary>
/// The gateway answered with a redirect (3xx), which the client never follows: a redirect would send the
/// cancellation, or turn it into a GET, at an address that was not configured. Never retried; the request did not
/// reach the cancellation endpoint. <see cref="FibreCafeApiException.Status"/> is the 3xx, or <see langword="null"/>
/// when a replaced primary HTTP handler followed the redirect itself: then <see cref="Location"/> is where it went,
/// and the request (with its bearer token, for a 307 or 308 its body too) may have been sent there.
/// </summary>
public sealed class FibreCafeRedirectException : FibreCafeApiException
{
    /// <summary>Initializes a new instance of the <see cref="FibreCafeRedirectException"/> class.</summary>
    /// <param name="status">The 3xx status, or <see langword="null"/> when the redirect was followed below the client.</param>
    /// <param name="location">Where the redirect points (its <c>Location</c>, resolved against the request), if known.</param>
    /// <param name="correlation">The ids of the call.</param>
    public FibreCafeRedirectException(int? status, Uri? location, FibreCafeCorrelation? correlation)
        : base(status, error: null, responseBody: null, correlation, Describe(status, location, correlation))
    {
        Location = location;
    }

    /// <summary>Gets where the redirect points, if the answer said.</summary>
    public Uri? Location { get; }

    private static string Describe(int? status, Uri? location, FibreCafeCorrelation? correlation)
    {
        var target = Http.RedirectRefusal.Describe(location);
        var head = status is { } s
            ? $"The Fibre Cafe gateway answered {s.ToString(System.Globalization.CultureInfo.InvariantCulture)} with a redirect to {target}, which is not followed"
            : $"The HTTP handler below the client followed a redirect to {target}; give the client a primary handler with AllowAutoRedirect = false";
        return head + $" (X-Request-ID {correlation?.RequestId}, X-Conversation-ID {correlation?.ConversationId}).";
    }
}
