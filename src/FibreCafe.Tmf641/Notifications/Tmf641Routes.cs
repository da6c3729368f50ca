using FibreCafe.Tmf641.Resources;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>
/// Where the API is mapped, for the links of notifications, which are made outside any request:
/// <see cref="Tmf641Options.PublicBaseAddress"/> when set, else the server's first address and the mapped prefix.
/// </summary>
internal sealed class Tmf641Routes(IOptionsMonitor<Tmf641Options> options, IServer? server = null)
{
    public string Prefix { get; set; } = Tmf641Constants.DefaultBasePath;

    public Tmf641Links Links()
    {
        if (options.CurrentValue.PublicBaseAddress is { } configured)
        {
            return new Tmf641Links(configured.AbsoluteUri);
        }

        var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost"; // a wildcard listening address is no address to link to; set PublicBaseAddress in production
        }

        return new Tmf641Links(uri.Uri.GetLeftPart(UriPartial.Authority) + Prefix);
    }
}
