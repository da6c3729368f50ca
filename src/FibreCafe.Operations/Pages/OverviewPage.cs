using System.Text;
using FibreCafe.Kci;
using FibreCafe.Operations.Api;
using FibreCafe.Operations.Rendering;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Pages;

/// <summary>The landing page: what needs an operator now, and how busy the receiver was over the last day.</summary>
internal static class OverviewPage
{
    public static async Task<IResult> ShowAsync(OperationsPage page)
    {
        // The page's relative links need the mount to end in '/': "/fibrecafe" becomes "fibrecafe/" (relative again).
        var path = page.Http.Request.Path.Value ?? string.Empty;
        if (!path.EndsWith('/'))
        {
            return Results.Redirect(path[(path.LastIndexOf('/') + 1)..] + "/" + page.Http.Request.QueryString);
        }

        var stats = await page.Service<OperationsStatistics>().CollectAsync(countDone: true, page.Aborted).ConfigureAwait(false);
        var now = stats.MeasuredAt;
        var from = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero).AddHours(1 - OperationsConstants.ChartHours);
        var perHour = await page.Service<IKciInbox>().CountReceivedByHourAsync(from, OperationsConstants.ChartHours, page.Aborted).ConfigureAwait(false);

        var body = new StringBuilder("<section class=\"cards\">");
        body.Append(Card("KCI inbox", page.Root + "inbox",
            ("Pending", Html.N(stats.Inbox.Pending), null),
            ("Parked", Html.N(stats.Inbox.Parked), stats.Inbox.Parked > 0 ? page.Root + "inbox?status=Parked" : null),
            ("Done (kept)", Html.N(stats.Inbox.Done ?? 0), null),
            ("Oldest pending", stats.Inbox.OldestPendingAgeSeconds is { } age ? Html.Age(TimeSpan.FromSeconds(age)) : "none", null)));
        var r = stats.Requests;
        body.Append(Card("Cancellation requests", page.Root + "requests",
            [.. r.ByState.Where(kv => kv.Value > 0 || kv.Key is nameof(CancellationRequestState.Scheduled) or nameof(CancellationRequestState.Parked))
                .Select(kv => (kv.Key, Html.N(kv.Value), kv.Value > 0 ? (string?)(page.Root + "requests?state=" + kv.Key) : null)),
             ("Overdue", Html.N(r.Overdue), null),
             ("Oldest due", r.OldestDueAgeSeconds > 0 ? Html.Age(TimeSpan.FromSeconds(r.OldestDueAgeSeconds)) : "none", null)]));
        body.Append("</section>");

        body.Append("<h2>Notification backlog per TMF641 listener</h2>");
        if (stats.Notifications.Count == 0)
        {
            body.Append(Layout.Empty("No TMF641 listener has subscribed: each subscription (POST /hub) would appear here with its pending and parked notifications."));
        }
        else
        {
            body.Append("<table><thead><tr><th>Listener</th><th>Pending</th><th>Parked</th><th>Oldest pending</th></tr></thead><tbody>");
            foreach (var s in stats.Notifications)
            {
                body.Append("<tr><td><a href=\"").Append(Html.E(page.Root + "subscriptions/" + s.SubscriptionId)).Append("\">").Append(Html.E(s.Callback)).Append("</a></td>")
                    .Append("<td class=\"num\">").Append(Html.N(s.Pending)).Append("</td><td class=\"num").Append(s.Parked > 0 ? " alert" : string.Empty).Append("\">").Append(Html.N(s.Parked)).Append("</td>")
                    .Append("<td>").Append(s.OldestPendingAgeSeconds is { } a ? Html.Age(TimeSpan.FromSeconds(a)) : "—").Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        body.Append("<h2>KCIs received per hour, last ").Append(OperationsConstants.ChartHours).Append(" hours</h2>")
            .Append(HourlyChart.Render(perHour, from, Html.Invariant($"KCIs received per hour from {Html.Time(from)}: {Html.N(perHour.Sum())} in all")))
            .Append("<p class=\"muted\">Measured ").Append(Html.E(Html.Time(now))).Append(". The same numbers as JSON: <a href=\"").Append(Html.E(page.Root)).Append("api/stats\">api/stats</a>.</p>");
        return Layout.Page(page, "overview", "Overview", body.ToString());
    }

    private static string Card(string title, string link, params (string Label, string Value, string? Link)[] rows)
    {
        var card = new StringBuilder("<div class=\"card\"><h2><a href=\"").Append(Html.E(link)).Append("\">").Append(Html.E(title)).Append("</a></h2><dl>");
        foreach (var (label, value, href) in rows)
        {
            var alert = label is "Parked" or "Overdue" && value != "0";
            card.Append("<dt>").Append(Html.E(label)).Append("</dt><dd").Append(alert ? " class=\"alert\"" : string.Empty).Append('>')
                .Append(href is null ? Html.E(value) : $"<a href=\"{Html.E(href)}\">{Html.E(value)}</a>").Append("</dd>");
        }

        return card.Append("</dl></div>").ToString();
    }
}
