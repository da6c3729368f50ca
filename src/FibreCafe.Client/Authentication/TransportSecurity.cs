namespace FibreCafe.Client.Authentication;

/// <summary>Secrets and tokens travel only over https, except to loopback hosts (local sandboxes and tests).</summary>
internal static class TransportSecurity
{
    public static bool IsSecureOrLoopback(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    public static void EnsureSecureOrLoopback(Uri? uri, string what)
    {
        if (!IsSecureOrLoopback(uri))
        {
            throw new InvalidOperationException(
                $"Refusing to send {what} to '{uri?.GetLeftPart(UriPartial.Path)}': only https, or http to a loopback host, is allowed.");
        }
    }
}
