namespace FibreCafe.Kci.Notifications;

/// <summary>What the notification records show of their URLs and bodies in <c>ToString()</c>.</summary>
internal static class NotificationText
{
    /// <summary>
    /// A URL without its user-info, query and fragment, where secrets travel (<c>https://listener.example/hub</c> for
    /// <c>https://user:pw@listener.example/hub?token=…</c>); a value that is not an absolute URL is not shown at all.
    /// </summary>
    public static string? WithoutSecrets(string? url) =>
        url is null ? null
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : $"(not an absolute URL, {url.Length} characters)";
}
