using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Tmf641.Endpoints;
using FibreCafe.Tmf641.Input;
using FibreCafe.Tmf641.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Tmf641.Hub;

/// <summary>
/// <c>POST /hub</c> (an <c>EventSubscriptionInput</c>: <c>callback</c>, <c>query</c>) → 201 <c>EventSubscription</c>,
/// answered once the subscription is stored; <c>GET /hub/{id}</c>; <c>DELETE /hub/{id}</c> → 204, its undelivered
/// notifications dropped with it. The callback is checked (<see cref="CallbackPolicy"/>) and the query parsed
/// (<see cref="HubQuery"/>) before anything is stored.
/// </summary>
internal sealed class HubHandlers(string prefix)
{
    public Task RegisterAsync(HttpContext context) => Tmf641Guard.RunAsync(context, async () =>
    {
        var options = Tmf641Http.OptionsOf(context);
        var (body, problem) = await Tmf641Body.ReadAsync(context, options.MaxRequestBodyBytes).ConfigureAwait(false);
        var (callback, query) = (default(Uri), default(string));
        if (problem is null)
        {
            (callback, query, problem) = Read(body, options.Hub);
        }

        if (problem is null && await CallbackPolicy.RefusalOfAddressesAsync(callback!.IdnHost, options.Hub, context.RequestAborted).ConfigureAwait(false) is { } refusal)
        {
            problem = Tmf641Problem.BadRequest("callback", refusal);
        }

        if (problem is not null)
        {
            await Tmf641Http.WriteAsync(context, problem).ConfigureAwait(false);
            return;
        }

        var subscription = new EventSubscription
        {
            Id = Guid.NewGuid(),
            Api = Tmf641Constants.HubApi,
            Callback = callback!.AbsoluteUri,
            Query = query,
            CreatedAt = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        await context.RequestServices.GetRequiredService<IEventSubscriptionStore>().AddAsync(subscription, context.RequestAborted).ConfigureAwait(false);
        var href = Links(context, options).Base + "/hub/" + subscription.Id.ToString("D");
        context.Response.Headers.Location = href;
        await Tmf641Http.WriteAsync(context, StatusCodes.Status201Created, Resource(subscription, href)).ConfigureAwait(false);
    });

    public Task RetrieveAsync(HttpContext context, string id) => Tmf641Guard.RunAsync(context, async () =>
    {
        if (await FindAsync(context, id).ConfigureAwait(false) is not { } subscription)
        {
            await Tmf641Http.WriteAsync(context, Tmf641Problem.NotFound("EventSubscription")).ConfigureAwait(false);
            return;
        }

        var options = Tmf641Http.OptionsOf(context);
        await Tmf641Http.WriteAsync(context, StatusCodes.Status200OK, Resource(subscription, Links(context, options).Base + "/hub/" + id)).ConfigureAwait(false);
    });

    public Task UnregisterAsync(HttpContext context, string id) => Tmf641Guard.RunAsync(context, async () =>
    {
        var removed = await FindAsync(context, id).ConfigureAwait(false) is { } subscription
            && await context.RequestServices.GetRequiredService<IEventSubscriptionStore>().RemoveAsync(subscription.Id, context.RequestAborted).ConfigureAwait(false);
        if (!removed)
        {
            await Tmf641Http.WriteAsync(context, Tmf641Problem.NotFound("EventSubscription")).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    });

    private static async Task<EventSubscription?> FindAsync(HttpContext context, string id) =>
        Guid.TryParseExact(id, "D", out var guid)
        && await context.RequestServices.GetRequiredService<IEventSubscriptionStore>().GetAsync(guid, context.RequestAborted).ConfigureAwait(false) is { Api: Tmf641Constants.HubApi } found
            ? found
            : null;

    private static (Uri?, string?, Tmf641Problem?) Read(ReadOnlyMemory<byte> body, Tmf641HubOptions options)
    {
        var (root, problem) = JsonBody.ReadObject(body, "an EventSubscriptionInput JSON object");
        if (problem is not null || !JsonBody.TryText(root, "callback", out var callbackText, out problem) || !JsonBody.TryText(root, "query", out var query, out problem))
        {
            return (null, null, problem);
        }

        if (CallbackPolicy.Refusal(callbackText, options, out var callback) is { } refusal)
        {
            return (null, null, Tmf641Problem.BadRequest("callback", refusal));
        }

        if (query is { Length: > 2000 })
        {
            return (null, null, Tmf641Problem.BadRequest("query", "query must be at most 2000 characters."));
        }

        if (HubQuery.Parse(query).Refusal is { } bad)
        {
            return (null, null, Tmf641Problem.BadRequest("query", bad));
        }

        return (callback, string.IsNullOrWhiteSpace(query) ? null : query, null);
    }

    private static JsonObject Resource(EventSubscription subscription, string href) =>
        new JsonObject { ["id"] = subscription.Id.ToString("D"), ["href"] = href, ["callback"] = subscription.Callback }.Put("query", subscription.Query);

    private Tmf641Links Links(HttpContext context, Tmf641Options options) => Tmf641Links.For(context, prefix, options.PublicBaseAddress);
}
