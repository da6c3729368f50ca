using System.Net;
using System.Net.Sockets;

namespace FibreCafe.Tmf641.Hub;

/// <summary>
/// Where the hub may send notifications, so that no caller can make the service request what it should not (server-side
/// request forgery): an absolute <c>https</c> URI, or <c>http</c> only to a loopback host or one of
/// <see cref="Tmf641HubOptions.AllowedCallbackHosts"/>; no credentials in it; and every address its host resolves to
/// public or loopback — private, link-local (the cloud metadata address among them), unspecified, multicast and
/// broadcast addresses are refused unless allowed. Checked at registration, and again at each connection (the
/// delivery's connect callback), so a name that later resolves elsewhere gains nothing.
/// </summary>
internal static class CallbackPolicy
{
    public static string? Refusal(string? callback, Tmf641HubOptions options, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(callback) || !Uri.TryCreate(callback, UriKind.Absolute, out var parsed))
        {
            return "callback is required: an absolute https URI of the listener.";
        }

        if (parsed.IdnHost.Length > 253)
        {
            return "callback's host is longer than a DNS name may be (253 characters).";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "callback may not carry credentials (user:password@); put a token the listener checks in its query string instead.";
        }

        var trusted = IsTrustedHost(parsed.IdnHost, options);
        if (parsed.Scheme != Uri.UriSchemeHttps && !(parsed.Scheme == Uri.UriSchemeHttp && (IsLoopbackName(parsed.IdnHost) || trusted)))
        {
            return "callback must be https (http only to a loopback host or one of FibreCafe:Tmf641:Hub:AllowedCallbackHosts).";
        }

        if (IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out var literal) && !IsAllowed(literal, trusted || options.AllowPrivateNetworks))
        {
            return $"callback may not be a private, link-local or reserved address ({literal}) unless FibreCafe:Tmf641:Hub allows it.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>The addresses <paramref name="host"/> resolves to, checked; a refusal when one of them may not be reached.</summary>
    public static async Task<string?> RefusalOfAddressesAsync(string host, Tmf641HubOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await ResolveAsync(host, options, cancellationToken).ConfigureAwait(false) is { Refused: { } refused }
                ? $"callback's host '{host}' resolves to {refused}, a private, link-local or reserved address, which FibreCafe:Tmf641:Hub does not allow."
                : null;
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            return $"callback's host cannot be resolved ({ex.GetType().Name}).";
        }
    }

    /// <summary>
    /// What <paramref name="host"/> resolves to (itself when it is an address), and the first of those it may not reach:
    /// the one check behind the registration and every connection of the delivery.
    /// </summary>
    public static async Task<(IPAddress[] Addresses, IPAddress? Refused)> ResolveAsync(string host, Tmf641HubOptions options, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowPrivate = IsTrustedHost(host, options) || options.AllowPrivateNetworks;
        return (addresses, addresses.FirstOrDefault(a => !IsAllowed(a, allowPrivate)));
    }

    public static bool IsTrustedHost(string host, Tmf641HubOptions options) =>
        options.AllowedCallbackHosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Whether an address may be connected to: loopback always; private and reserved ones only when allowed.</summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivate)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        return allowPrivate || !IsPrivateOrReserved(address);
    }

    private static bool IsPrivateOrReserved(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (EmbeddedIPv4(b) is { } embedded)
            {
                return IPAddress.IsLoopback(embedded) || IsPrivateOrReserved(embedded);
            }

            return address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC; // fc00::/7, unique local
        }

        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 or 10 or 127 => true,
            100 => v4[1] is >= 64 and < 128, // carrier-grade NAT
            169 => v4[1] == 254, // link-local, with the cloud metadata address
            172 => v4[1] is >= 16 and < 32,
            192 => v4[1] == 168 || (v4[1] == 0 && v4[2] == 0),
            198 => v4[1] is 18 or 19, // benchmarking networks
            >= 224 => true, // multicast, reserved, broadcast
            _ => false,
        };
    }

    // The IPv4 address inside an IPv6 one that routes to it: IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96,
    // 64:ff9b:1::/48) and 6to4 (2002::/16); IPv4-mapped ones are mapped before this.
    private static IPAddress? EmbeddedIPv4(byte[] b)
    {
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && (b[12] | b[13]) != 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4)) : null;
    }
}
