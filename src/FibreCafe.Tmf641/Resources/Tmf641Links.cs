using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Tmf641.Resources;

/// <summary>
/// The absolute addresses of the resources: <see cref="Tmf641Options.PublicBaseAddress"/> when set, else the request's
/// scheme, host, path base and the group's prefix (put a forwarded-headers middleware first behind a proxy).
/// </summary>
internal sealed class Tmf641Links(string baseAddress)
{
    public string Base { get; } = baseAddress.TrimEnd('/');

    public static Tmf641Links For(HttpContext context, string prefix, Uri? publicBaseAddress) =>
        new(publicBaseAddress?.AbsoluteUri
            ?? $"{context.Request.Scheme}://{context.Request.Host.ToUriComponent()}{context.Request.PathBase.ToUriComponent()}{prefix}");

    public string CancelServiceOrder(Guid id) => $"{Base}/cancelServiceOrder/{id:D}";

    public string ServiceOrder(long id) => string.Create(CultureInfo.InvariantCulture, $"{Base}/serviceOrder/{id}");
}
