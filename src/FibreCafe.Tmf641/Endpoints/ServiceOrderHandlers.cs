using System.Globalization;
using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Tmf641.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Tmf641.Endpoints;

/// <summary>
/// The read-only <c>GET /serviceOrder/{id}</c> and <c>GET /serviceOrder</c>: each order as its KCIs made it known
/// (the receiver's entity states); its cancellation date and reason from the ledger once cancelled.
/// </summary>
internal sealed class ServiceOrderHandlers(string prefix)
{
    public Task RetrieveAsync(HttpContext context, string id) => Tmf641Guard.RunAsync(context, async () =>
    {
        var inbox = context.RequestServices.GetRequiredService<IKciInbox>();
        KciEntityState? newest = null;
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var orderId) && orderId >= 1)
        {
            foreach (var type in ServiceOrderResource.EntityTypes)
            {
                var state = await inbox.GetEntityStateAsync(string.Create(CultureInfo.InvariantCulture, $"{type}:{orderId}"), context.RequestAborted).ConfigureAwait(false);
                if (state is not null && (newest is null || state.UpdatedAt > newest.UpdatedAt))
                {
                    newest = state;
                }
            }
        }

        if (newest is null)
        {
            await Tmf641Http.WriteAsync(context, Tmf641Problem.NotFound("ServiceOrder (no KCI has made this order known)")).ConfigureAwait(false);
            return;
        }

        var resource = await ResourceAsync(context, orderId, newest).ConfigureAwait(false);
        var fields = FieldsProjection.Parse(context.Request.Query["fields"]);
        await Tmf641Http.WriteAsync(context, StatusCodes.Status200OK, fields?.Apply(resource) ?? resource).ConfigureAwait(false);
    });

    public Task ListAsync(HttpContext context) => Tmf641Guard.RunAsync(context, async () =>
    {
        var options = Tmf641Http.OptionsOf(context);
        var (list, problem) = ListQuery.Read(context.Request.Query, options.DefaultLimit);
        if (problem is not null)
        {
            await Tmf641Http.WriteAsync(context, problem).ConfigureAwait(false);
            return;
        }

        var page = await context.RequestServices.GetRequiredService<IKciInbox>().ListEntityStatesAsync(
            new KciEntityStateQuery { EntityTypes = ServiceOrderResource.EntityTypes, Offset = list!.Offset, Limit = list.Limit }, context.RequestAborted).ConfigureAwait(false);
        var fields = FieldsProjection.Parse(list.Fields);
        var items = new JsonArray();
        foreach (var state in page.Items)
        {
            if (ServiceOrderResource.IdOf(state) is { } orderId)
            {
                var resource = await ResourceAsync(context, orderId, state).ConfigureAwait(false);
                items.Add(fields?.Apply(resource) ?? resource);
            }
        }

        await Tmf641Http.WritePageAsync(context, items, page.Total).ConfigureAwait(false);
    });

    private Task<JsonObject> ResourceAsync(HttpContext context, long orderId, KciEntityState state)
    {
        var options = Tmf641Http.OptionsOf(context);
        return ServiceOrderResource.ReadAsync(orderId, state, context.RequestServices.GetRequiredService<ICancellationLedger>(),
            Tmf641Links.For(context, prefix, options.PublicBaseAddress), context.RequestAborted);
    }
}
