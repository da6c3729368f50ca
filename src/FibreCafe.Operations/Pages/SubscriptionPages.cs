using System.Globalization;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Operations.Api;
using FibreCafe.Operations.Rendering;
using FibreCafe.Operations.Security;
using FibreCafe.Operations.Telemetry;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Pages;

/// <summary>TMF641 hub subscriptions: each listener's delivery state, its notifications, and a retry of the parked ones.</summary>
internal static class SubscriptionPages
{
    public static async Task<IResult> ListAsync(OperationsPage page)
    {
        var now = page.Service<TimeProvider>().GetUtcNow();
        var all = await page.Service<OperationsStatistics>().BacklogAsync(now, page.Aborted).ConfigureAwait(false);
        var listed = all.Skip(page.Offset).Take(page.Options.PageSize).ToList(); // subscriptions are few: paged in memory
        var body = new StringBuilder();
        if (all.Count == 0)
        {
            body.Append(Layout.Empty("No listener has subscribed. Each subscription registered through the TMF641 hub (POST …/hub) appears here with how many notifications wait for it and how many are parked."));
        }
        else
        {
            body.Append("<table><thead><tr><th>Listener (callback)</th><th>API</th><th>Pending</th><th>Parked</th><th>Oldest pending</th><th>Delivery</th></tr></thead><tbody>");
            foreach (var s in listed)
            {
                var state = s.Parked > 0 ? "<span class=\"status status-parked\">parked notifications</span>"
                    : s.Pending > 0 ? "<span class=\"status status-pending\">delivering</span>"
                    : "<span class=\"status status-delivered\">up to date</span>";
                body.Append("<tr><td><a href=\"").Append(Html.E(page.Root)).Append("subscriptions/").Append(s.SubscriptionId.ToString("D")).Append("\">").Append(Html.E(s.Callback)).Append("</a></td>")
                    .Append("<td>").Append(Html.E(s.Api)).Append("</td><td class=\"num\">").Append(Html.N(s.Pending)).Append("</td>")
                    .Append("<td class=\"num\">").Append(Html.N(s.Parked)).Append("</td><td>").Append(s.OldestPendingAgeSeconds is { } a ? Html.Age(TimeSpan.FromSeconds(a)) : "—").Append("</td>")
                    .Append("<td>").Append(state).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        body.Append(Pager.Render(page, "subscriptions", listed.Count, all.Count));
        return Layout.Page(page, "subscriptions", "TMF641 subscriptions", body.ToString());
    }

    public static async Task<IResult> DetailAsync(OperationsPage page, Guid id)
    {
        var subscription = await page.Service<IEventSubscriptionStore>().GetAsync(id, page.Aborted).ConfigureAwait(false);
        if (subscription is null)
        {
            return Layout.Page(page, "subscriptions", "Subscription not found", Layout.Empty($"No subscription {id:D}: the listener may have unsubscribed (DELETE …/hub/{{id}})."), StatusCodes.Status404NotFound);
        }

        var state = InboxPages.Parse<NotificationState>(page.Query("state"));
        var result = await page.Service<INotificationOutbox>().ListAsync(
            new NotificationQuery { SubscriptionId = id, State = state, Offset = page.Offset, Limit = page.Options.PageSize }, page.Aborted).ConfigureAwait(false);
        var path = "subscriptions/" + id.ToString("D");
        var body = new StringBuilder("<table class=\"fields\"><tbody>")
            .Append("<tr><th>Callback</th><td>").Append(Html.E(BodyRedactor.RedactText(subscription.Callback))).Append("</td></tr>")
            .Append("<tr><th>Query</th><td><code>").Append(Html.E(subscription.Query ?? "(every event)")).Append("</code></td></tr>")
            .Append("<tr><th>API / created</th><td>").Append(Html.E(subscription.Api)).Append(" / ").Append(Html.Time(subscription.CreatedAt)).Append("</td></tr></tbody></table>");
        body.Append("<div class=\"actions\">").Append(page.ActionForm(page.Root + path + "/retry", "Retry every parked notification")).Append("</div>");
        body.Append("<form class=\"filters\" method=\"get\" action=\"").Append(Html.E(page.Root + path)).Append("\"><label>State<select name=\"state\">").Append(Html.Option(string.Empty, "any", null));
        foreach (var value in Enum.GetValues<NotificationState>())
        {
            body.Append(Html.Option(value.ToString(), value.ToString(), state?.ToString()));
        }

        body.Append("</select></label><button type=\"submit\">Filter</button></form>");
        if (result.Items.Count == 0)
        {
            body.Append(Layout.EmptyList(result.Total, "No notification matches. Each event this listener's query selects appears here: pending until delivered, parked after the listener kept failing."));
        }
        else
        {
            body.Append("<table><thead><tr><th>Created</th><th>Event</th><th>Key</th><th>State</th><th>Attempts</th><th>Last answer</th><th>Next attempt / delivered</th><th></th></tr></thead><tbody>");
            foreach (var n in result.Items)
            {
                body.Append("<tr><td>").Append(Html.Time(n.CreatedAt)).Append("</td><td>").Append(Html.E(n.EventType)).Append("</td>")
                    .Append("<td>").Append(Html.E(n.OrderingKey)).Append("</td><td>").Append(InboxPages.Status(n.State)).Append("</td>")
                    .Append("<td class=\"num\">").Append(n.Attempts).Append("</td>")
                    .Append("<td>").Append(n.LastStatus?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).Append(' ').Append(Html.E(n.LastError is null ? null : BodyRedactor.RedactText(n.LastError))).Append("</td>")
                    .Append("<td>").Append(Html.Time(n.State == NotificationState.Delivered ? n.DeliveredAt : n.NextAttemptAt)).Append("</td><td>")
                    .Append(n.State == NotificationState.Parked
                        ? page.ActionForm(page.Root + path + "/retry", "Retry", $"<input type=\"hidden\" name=\"eventId\" value=\"{n.EventId:D}\">")
                        : string.Empty)
                    .Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        body.Append(Pager.Render(page, path, result.Items.Count, result.Total, ("state", state?.ToString())));
        return Layout.Page(page, "subscriptions", "Subscription " + id.ToString("D")[..8], body.ToString());
    }

    public static async Task<IResult> RetryAsync(OperationsPage page, Guid id, IFormCollection form)
    {
        var outbox = page.Service<INotificationOutbox>();
        var retried = 0;
        if (Guid.TryParse(form["eventId"].ToString(), out var eventId))
        {
            retried += await outbox.RetryAsync(id, eventId, page.Aborted).ConfigureAwait(false) ? 1 : 0;
        }
        else if (form["eventId"].Count == 0)
        {
            // Every parked one: a page at a time, from the start again, since each retry leaves the parked list.
            while (true)
            {
                var parked = await outbox.ListAsync(new NotificationQuery { SubscriptionId = id, State = NotificationState.Parked, Limit = NotificationQuery.MaxLimit }, page.Aborted).ConfigureAwait(false);
                var before = retried;
                foreach (var n in parked.Items)
                {
                    retried += await outbox.RetryAsync(id, n.EventId, page.Aborted).ConfigureAwait(false) ? 1 : 0;
                }

                if (parked.Items.Count < NotificationQuery.MaxLimit || retried == before)
                {
                    break;
                }
            }
        }

        Log.ActionTaken(page.Service<OperationsLog>().Logger, OperationsAccess.UserName(page.Http), "retry", $"subscription {id:D}", Html.Invariant($"{retried} notification(s) due again"));
        return OperationsEndpoints.SeeOther(page, "subscriptions/" + id.ToString("D"), retried > 0 ? Notices.Retried : Notices.NothingToRetry);
    }
}
