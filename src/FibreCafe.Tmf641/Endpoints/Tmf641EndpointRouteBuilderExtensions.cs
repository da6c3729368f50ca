using FibreCafe.Tmf641;
using FibreCafe.Tmf641.DependencyInjection;
using FibreCafe.Tmf641.Endpoints;
using FibreCafe.Tmf641.Hub;
using FibreCafe.Tmf641.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the TMF641 v4.1 Service Ordering front door.</summary>
public static class Tmf641EndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>POST</c>, <c>GET /cancelServiceOrder</c> and <c>GET /cancelServiceOrder/{id}</c>;
    /// the read-only <c>GET /serviceOrder</c> and <c>GET /serviceOrder/{id}</c>; the hub (<c>POST /hub</c>, <c>GET</c> and
    /// <c>DELETE /hub/{id}</c>), whose listeners the notifications reach; 405 with an <c>Allow</c> header for
    /// the methods the specification does not define there. Requires <c>AddFibreCafeTmf641(...)</c>. Add
    /// authorization on the returned builder, e.g. <c>.RequireAuthorization("tmf")</c>: the endpoints have none of their own.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The base path, <see cref="Tmf641Constants.DefaultBasePath"/> by default.</param>
    /// <returns>The group of the endpoints, for conventions such as authorization.</returns>
    /// <exception cref="InvalidOperationException"><c>AddFibreCafeTmf641(...)</c> was not called.</exception>
    public static RouteGroupBuilder MapTmf641ServiceOrdering(this IEndpointRouteBuilder endpoints, string prefix = Tmf641Constants.DefaultBasePath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (endpoints.ServiceProvider.GetService<Tmf641Registration>() is null)
        {
            throw new InvalidOperationException(
                "MapTmf641ServiceOrdering needs its services: call services.AddFibreCafeTmf641(...) beside AddFibreCafeCancellationRequests(...).");
        }

        var path = "/" + prefix.Trim('/');
        endpoints.ServiceProvider.GetRequiredService<Tmf641Routes>().Prefix = path;
        var group = endpoints.MapGroup(path);
        var orders = new CancelServiceOrderHandlers(path);
        var serviceOrders = new ServiceOrderHandlers(path);
        group.MapPost("/cancelServiceOrder", orders.CreateAsync);
        group.MapGet("/cancelServiceOrder", orders.ListAsync);
        group.MapGet("/cancelServiceOrder/{id}", (HttpContext context, string id) => orders.RetrieveAsync(context, id));
        group.MapGet("/serviceOrder", serviceOrders.ListAsync);
        group.MapGet("/serviceOrder/{id}", (HttpContext context, string id) => serviceOrders.RetrieveAsync(context, id));
        var hub = new HubHandlers(path);
        group.MapPost("/hub", hub.RegisterAsync);
        group.MapGet("/hub/{id}", (HttpContext context, string id) => hub.RetrieveAsync(context, id));
        group.MapDelete("/hub/{id}", (HttpContext context, string id) => hub.UnregisterAsync(context, id));

        const string Resource = "CancelServiceOrder is a task: created by POST, then moved by the server only.";
        const string Orders = "Service orders are created and changed through other channels; this API only reads them.";
        group.MapMethods("/cancelServiceOrder", ["PUT", "PATCH", "DELETE"], Tmf641Http.MethodNotAllowed("GET, POST", Resource));
        group.MapMethods("/cancelServiceOrder/{id}", ["POST", "PUT", "PATCH", "DELETE"], Tmf641Http.MethodNotAllowed("GET", Resource));
        group.MapMethods("/serviceOrder", ["POST", "PUT", "PATCH", "DELETE"], Tmf641Http.MethodNotAllowed("GET", Orders));
        group.MapMethods("/serviceOrder/{id}", ["POST", "PUT", "PATCH", "DELETE"], Tmf641Http.MethodNotAllowed("GET", Orders));
        group.MapMethods("/hub", ["GET", "PUT", "PATCH", "DELETE"], Tmf641Http.MethodNotAllowed("POST", "A listener is registered by POST and removed by DELETE /hub/{id}."));
        group.MapMethods("/hub/{id}", ["POST", "PUT", "PATCH"], Tmf641Http.MethodNotAllowed("GET, DELETE", "A listener is registered by POST /hub and removed by DELETE."));
        return group;
    }
}
