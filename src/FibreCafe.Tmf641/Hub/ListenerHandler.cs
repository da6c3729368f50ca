using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Hub;

/// <summary>
/// The listeners' HTTP handler: redirects are never followed (a listener could send the service anywhere), and every
/// connection checks the address it is about to reach against <see cref="CallbackPolicy"/>, so a callback's name that
/// resolves to a private address after registration (DNS rebinding) is refused when it counts.
/// </summary>
internal static class ListenerHandler
{
    public static SocketsHttpHandler Create(IOptionsMonitor<Tmf641Options> options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false, // through a proxy, the connect callback would check the proxy's address, not the listener's
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var (addresses, refused) = await CallbackPolicy.ResolveAsync(host, options.CurrentValue.Hub, cancellationToken).ConfigureAwait(false);
            if (addresses.Length == 0)
            {
                throw new HttpRequestException($"The listener's host '{host}' resolves to no address.");
            }

            if (refused is not null)
            {
                throw new HttpRequestException($"The listener's host '{host}' resolves to {refused}, which FibreCafe:Tmf641:Hub does not allow.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
