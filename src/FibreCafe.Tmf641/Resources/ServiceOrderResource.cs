using System.Globalization;
using System.Text.Json.Nodes;
using FibreCafe.Client;
using FibreCafe.Kci;

namespace FibreCafe.Tmf641.Resources;

/// <summary>
/// An order as its KCIs made it known, as a TMF641 <c>ServiceOrder</c>: its Fibre Cafe status as a
/// <c>ServiceOrderStateType</c>, and once cancelled its <c>cancellationDate</c> and <c>cancellationReason</c>.
/// </summary>
internal static class ServiceOrderResource
{
    /// <summary>The KCI entity types that are service orders; an order's id is its entity's.</summary>
    public static readonly IReadOnlyList<string> EntityTypes =
        [KciEntityType.ProvideOrder.Value, KciEntityType.ModifyOrder.Value, KciEntityType.CeaseOrder.Value, KciEntityType.UnsolicitedCeaseOrder.Value];

    public static long? IdOf(KciEntityState state) =>
        long.TryParse(state.EntityKey.AsSpan(state.EntityKey.IndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The resource, with its cancellation's date and reason read from the ledger's completed cancellation once the order is cancelled.</summary>
    public static async Task<JsonObject> ReadAsync(long id, KciEntityState state, ICancellationLedger ledger, Tmf641Links links, CancellationToken cancellationToken)
    {
        (DateTimeOffset, string?)? cancellation = null;
        if (ServiceOrderStates.Of(state.Status) == ServiceOrderStates.Cancelled)
        {
            var records = await ledger.FindByTargetAsync(CancellationKind.ServiceOrder, id, cancellationToken).ConfigureAwait(false);
            if (records.LastOrDefault(r => r.Status == CancellationStatus.Completed) is { } completed)
            {
                cancellation = (completed.ClosedAt ?? completed.UpdatedAt, completed.Text ?? completed.ReasonCode);
            }
        }

        return Of(id, state, cancellation, links);
    }

    /// <param name="id">The order id.</param>
    /// <param name="state">Its newest entity state.</param>
    /// <param name="cancellation">When cancelled: the date and the reason.</param>
    /// <param name="links">Where the resources are.</param>
    public static JsonObject Of(long id, KciEntityState state, (DateTimeOffset At, string? Reason)? cancellation, Tmf641Links links)
    {
        var tmfState = ServiceOrderStates.Of(state.Status);
        var json = new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["href"] = links.ServiceOrder(id),
            ["state"] = tmfState,
            ["category"] = state.EntityKey[..state.EntityKey.IndexOf(':')],
        };
        if (tmfState == ServiceOrderStates.Cancelled && cancellation is { } c)
        {
            json.Put("cancellationDate", Tmf641Json.Time(c.At)).Put("cancellationReason", c.Reason);
        }

        json["@type"] = "ServiceOrder";
        return json;
    }
}
