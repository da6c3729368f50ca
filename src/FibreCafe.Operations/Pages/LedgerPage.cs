using System.Globalization;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Operations.Rendering;
using FibreCafe.Operations.Security;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Pages;

/// <summary>The cancellation ledger of one service order or service problem: every cancellation the gateway knows of it.</summary>
internal static class LedgerPage
{
    public static async Task<IResult> ShowAsync(OperationsPage page)
    {
        var kind = RequestPages.Kind(page.Query("kind")) ?? CancellationKind.ServiceOrder;
        var id = long.TryParse(page.Query("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
        var body = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"").Append(Html.E(page.Root)).Append("ledger\">")
            .Append("<label>Kind<select name=\"kind\">")
            .Append(Html.Option("order", "service order", RequestPages.KindName(kind))).Append(Html.Option("problem", "service problem", RequestPages.KindName(kind)))
            .Append("</select></label><label>Order or problem id<input name=\"id\" inputmode=\"numeric\" size=\"14\" required value=\"")
            .Append(id?.ToString(CultureInfo.InvariantCulture)).Append("\"></label><button type=\"submit\">Search</button></form>");
        if (id is not { } target)
        {
            body.Append(Layout.Empty(page.Query("id") is null
                ? "Give a service order id or a service problem id: its cancellations appear here with their status, as the gateway answered and the KCIs moved them."
                : "That is not an id: give the number the gateway gave the order or problem."));
            return Layout.Page(page, "ledger", "Cancellation ledger", body.ToString());
        }

        var records = await page.Service<ICancellationLedger>().FindByTargetAsync(kind, target, page.Aborted).ConfigureAwait(false);
        var requests = await page.Service<ICancellationRequestStore>().ListAsync(
            new CancellationRequestQuery { Kind = kind, TargetId = target, Limit = CancellationRequestQuery.MaxLimit }, page.Aborted).ConfigureAwait(false);
        var label = RequestPages.KindLabel(kind) + " " + target.ToString(CultureInfo.InvariantCulture);
        if (records.Count == 0)
        {
            body.Append(Layout.Empty($"The ledger holds no cancellation of {label}: one appears when the gateway accepts a cancellation of it, or a KCI reports one."));
        }
        else
        {
            body.Append("<table><thead><tr><th>Cancellation</th><th>Status</th><th>Reason</th><th>Supplier ref.</th><th>Request id</th><th>Created</th><th>Updated</th><th>Closed</th><th>Why</th></tr></thead><tbody>");
            foreach (var r in records.OrderByDescending(r => r.CreatedAt))
            {
                body.Append("<tr><td class=\"num\">").Append(r.CancellationId.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td><span class=\"status\">").Append(Html.E(r.Status.Value)).Append("</span></td>")
                    .Append("<td>").Append(Html.E(r.ReasonCode)).Append("</td><td>").Append(Html.E(r.SupplierReference)).Append("</td>")
                    .Append("<td><code>").Append(Html.E(r.RequestId)).Append("</code></td><td>").Append(Html.Time(r.CreatedAt)).Append("</td>")
                    .Append("<td>").Append(Html.Time(r.UpdatedAt)).Append("</td><td>").Append(Html.Time(r.ClosedAt)).Append("</td>")
                    .Append("<td>").Append(Html.E(r.StatusReason is null ? null : BodyRedactor.RedactText(r.StatusReason)))
                    .Append(r.LastKciId is { } kci ? $" <a href=\"{Html.E(page.Root)}inbox/{kci:D}\">last KCI</a>" : string.Empty).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        body.Append("<h2>Durable requests for ").Append(Html.E(label)).Append("</h2>");
        if (requests.Items.Count == 0)
        {
            body.Append(Layout.Empty("No durable cancellation request targets it."));
        }
        else
        {
            body.Append("<ul>");
            foreach (var r in requests.Items)
            {
                body.Append("<li><a href=\"").Append(Html.E(page.Root)).Append("requests/").Append(r.Id.ToString("D")).Append("\">").Append(Html.E(r.Reference)).Append("</a> ")
                    .Append(InboxPages.Status(r.State)).Append(" <span class=\"muted\">").Append(Html.Time(r.CreatedAt)).Append("</span></li>");
            }

            body.Append("</ul>");
        }

        return Layout.Page(page, "ledger", "Cancellation ledger: " + label, body.ToString());
    }
}
