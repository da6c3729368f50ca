using System.Globalization;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Operations.Rendering;
using FibreCafe.Operations.Security;
using FibreCafe.Operations.Telemetry;
using FibreCafe.Requests;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Pages;

/// <summary>Durable cancellation requests: a filtered list, one request's life as a timeline, and the operator's moves.</summary>
internal static class RequestPages
{
    public const string Withdraw = "withdraw";
    public const string Resubmit = "resubmit";
    public const string Reschedule = "reschedule";

    public static async Task<IResult> ListAsync(OperationsPage page)
    {
        var state = InboxPages.Parse<CancellationRequestState>(page.Query("state"));
        var kind = Kind(page.Query("kind"));
        var target = long.TryParse(page.Query("target"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : (long?)null;
        var result = await page.Service<ICancellationRequestStore>().ListAsync(new CancellationRequestQuery
        {
            States = state is { } s ? [s] : null,
            Kind = kind,
            TargetId = target,
            Offset = page.Offset,
            Limit = page.Options.PageSize,
        }, page.Aborted).ConfigureAwait(false);

        var body = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"").Append(Html.E(page.Root)).Append("requests\">")
            .Append("<label>State<select name=\"state\">").Append(Html.Option(string.Empty, "any", null));
        foreach (var value in Enum.GetValues<CancellationRequestState>())
        {
            body.Append(Html.Option(value.ToString(), value.ToString(), state?.ToString()));
        }

        body.Append("</select></label><label>Kind<select name=\"kind\">").Append(Html.Option(string.Empty, "any", null))
            .Append(Html.Option("order", "service order", KindName(kind))).Append(Html.Option("problem", "service problem", KindName(kind)))
            .Append("</select></label><label>Order or problem id<input name=\"target\" inputmode=\"numeric\" size=\"12\" value=\"")
            .Append(target?.ToString(CultureInfo.InvariantCulture)).Append("\"></label>")
            .Append(Layout.FilterEnd(page, "requests"));

        if (result.Items.Count == 0)
        {
            body.Append(Layout.EmptyList(result.Total, "No cancellation request matches. Each request submitted (ICancellationRequests.SubmitAsync, or POST cancelServiceOrder) appears here from the moment it is stored, scheduled, until its outcome."));
        }
        else
        {
            body.Append("<table><thead><tr><th>Reference</th><th>Kind</th><th>Target</th><th>State</th><th>Scheduled for</th><th>Attempts</th><th>Updated</th><th>Reason</th></tr></thead><tbody>");
            foreach (var r in result.Items)
            {
                body.Append("<tr><td><a href=\"").Append(Html.E(page.Root)).Append("requests/").Append(r.Id.ToString("D")).Append("\">").Append(Html.E(r.Reference)).Append("</a></td>")
                    .Append("<td>").Append(KindLabel(r.Kind)).Append("</td><td class=\"num\">").Append(r.TargetId.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td>").Append(InboxPages.Status(r.State)).Append("</td><td>").Append(Html.Time(r.ScheduledFor)).Append("</td>")
                    .Append("<td class=\"num\">").Append(r.Attempts).Append("</td><td>").Append(Html.Time(r.UpdatedAt)).Append("</td>")
                    .Append("<td>").Append(Html.E(r.ReasonCode)).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        body.Append(Pager.Render(page, "requests", result.Items.Count, result.Total,
            ("state", state?.ToString()), ("kind", KindName(kind)), ("target", target?.ToString(CultureInfo.InvariantCulture))));
        return Layout.Page(page, "requests", "Cancellation requests", body.ToString());
    }

    public static async Task<IResult> DetailAsync(OperationsPage page, Guid id)
    {
        var store = page.Service<ICancellationRequestStore>();
        var r = await store.GetAsync(id, page.Aborted).ConfigureAwait(false);
        if (r is null)
        {
            return Layout.Page(page, "requests", "Request not found", Layout.Empty($"No cancellation request {id:D}: it was never stored, or retention removed it after it closed."), StatusCodes.Status404NotFound);
        }

        var history = await store.GetHistoryAsync(id, page.Aborted).ConfigureAwait(false);
        var body = new StringBuilder("<table class=\"fields\"><tbody>");
        Html.FieldRow(body, "Reference", Html.E(r.Reference) + $" <code class=\"muted\">{r.Id:D}</code>");
        Html.FieldRow(body, "State", InboxPages.Status(r.State) + (r.ParkReason is { } park ? $" ({Html.E(park.ToString())})" : string.Empty) + (r.StatusReason is { } why ? " · " + Html.E(BodyRedactor.RedactText(why)) : string.Empty));
        Html.FieldRow(body, "Cancels", $"{KindLabel(r.Kind)} {r.TargetId.ToString(CultureInfo.InvariantCulture)} · <a href=\"{Html.E(page.Root)}ledger{Html.Query(("kind", KindName(r.Kind)), ("id", r.TargetId.ToString(CultureInfo.InvariantCulture)))}\">ledger</a>");
        Html.FieldRow(body, "Reason", Html.E(r.ReasonCode) + (r.Text is { } text ? " · " + Html.E(text) : string.Empty));
        Html.FieldRow(body, "Cancellation id / supplier ref.", Html.E(r.CancellationId?.ToString(CultureInfo.InvariantCulture) ?? "—") + " / " + Html.E(r.SupplierReference ?? "—"));
        Html.FieldRow(body, "Scheduled for / next attempt", Html.Time(r.ScheduledFor) + " / " + Html.Time(r.NextAttemptAt));
        Html.FieldRow(body, "Attempts (transient failures)", Html.Invariant($"{r.Attempts} ({r.TransientFailures})"));
        Html.FieldRow(body, "Conversation id", $"<code>{Html.E(r.ConversationId)}</code>");
        Html.FieldRow(body, "Error", r.ErrorCode is null && r.ErrorMessage is null ? "—" : $"<span class=\"alert\">{Html.E(r.ErrorCode)} {Html.E(BodyRedactor.RedactText(r.ErrorMessage ?? string.Empty))}</span> <code class=\"muted\">{Html.E(r.ErrorUuid)}</code>");
        Html.FieldRow(body, "Submitted / updated by", Html.E(r.SubmittedBy?.ToString() ?? "—") + " / " + Html.E(r.UpdatedBy ?? "—"));
        Html.FieldRow(body, "Created / updated / closed", Html.Time(r.CreatedAt) + " / " + Html.Time(r.UpdatedAt) + " / " + Html.Time(r.ClosedAt));
        body.Append("</tbody></table>");
        body.Append(Actions(page, r));

        body.Append("<h2>Attempts</h2>").Append(Attempts(history));
        body.Append("<h2>Timeline</h2><ol class=\"timeline\">");
        foreach (var h in history)
        {
            body.Append("<li><time>").Append(Html.Time(h.At)).Append("</time>")
                .Append(h.From is { } from ? InboxPages.Status(from) + " → " : string.Empty).Append(InboxPages.Status(h.To))
                .Append(h.By is { } by ? " <span class=\"muted\">by " + Html.E(by) + "</span>" : string.Empty)
                .Append("<span class=\"cause\">").Append(Html.E(BodyRedactor.RedactText(h.Cause)))
                .Append(h.HttpStatus is { } status ? Html.Invariant($" · HTTP {status}") : string.Empty)
                .Append(h.HttpRequestId is { } rid ? " · request <code>" + Html.E(rid) + "</code>" : string.Empty)
                .Append(h.KciId is { } kci ? $" · <a href=\"{Html.E(page.Root)}inbox/{kci:D}\">KCI {kci.ToString("D")[..8]}…</a>" : string.Empty)
                .Append("</span></li>");
        }

        body.Append("</ol>");
        body.Append("<h2>Request body</h2><pre class=\"body\">").Append(Html.E(BodyRedactor.Show(r.RequestBody))).Append("</pre>");
        body.Append("<h2>Last response</h2>").Append(r.ResponseStatus is null && r.ResponseBody is null
            ? Layout.Empty("No answer yet: the gateway's response appears here after the first attempt that got one.")
            : Html.Invariant($"<p>HTTP {r.ResponseStatus?.ToString(CultureInfo.InvariantCulture) ?? "—"} · request <code>{Html.E(r.LastRequestId)}</code> at {Html.Time(r.LastAttemptAt)}</p>")
              + "<pre class=\"body\">" + Html.E(BodyRedactor.Show(r.ResponseBody)) + "</pre>");
        return Layout.Page(page, "requests", "Cancellation request " + r.Reference, body.ToString());
    }

    public static async Task<IResult> ActAsync(OperationsPage page, Guid id, string action, IFormCollection form)
    {
        var requests = page.OptionalService<ICancellationRequests>();
        var user = OperationsAccess.UserName(page.Http);
        if (requests is null || action is not (Withdraw or Resubmit or Reschedule))
        {
            return OperationsEndpoints.Message(StatusCodes.Status404NotFound, "No such action here.");
        }

        DateTimeOffset at = default;
        if (action == Reschedule
            && (!DateTime.TryParseExact(form["at"].ToString(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                || (at = new DateTimeOffset(parsed, TimeSpan.Zero)) <= page.Service<TimeProvider>().GetUtcNow()))
        {
            return OperationsEndpoints.SeeOther(page, "requests/" + id.ToString("D"), Notices.BadTime);
        }

        string notice;
        try
        {
            var changed = action switch
            {
                Withdraw => await requests.WithdrawAsync(id, user, page.Aborted).ConfigureAwait(false),
                Resubmit => await requests.ResubmitAsync(id, user, page.Aborted).ConfigureAwait(false),
                _ => await requests.RescheduleAsync(id, at, user, page.Aborted).ConfigureAwait(false),
            };
            notice = changed is null ? Notices.Refused : action switch { Withdraw => Notices.Withdrawn, Resubmit => Notices.Resubmitted, _ => Notices.Rescheduled };
        }
        catch (InvalidOperationException)
        {
            notice = Notices.Refused; // the state moved on since the page was drawn
        }

        Log.ActionTaken(page.Service<OperationsLog>().Logger, user, action, $"cancellation request {id:D}", notice);
        return OperationsEndpoints.SeeOther(page, "requests/" + id.ToString("D"), notice);
    }

    // The moves the life cycle allows now (see CancellationRequestService): reschedule a scheduled request, resubmit
    // a parked one, withdraw either.
    private static string Actions(OperationsPage page, CancellationRequest r)
    {
        if (page.OptionalService<ICancellationRequests>() is null)
        {
            return string.Empty;
        }

        var path = page.Root + "requests/" + r.Id.ToString("D") + "/";
        var html = new StringBuilder();
        if (r.State == CancellationRequestState.Scheduled)
        {
            var at = r.ScheduledFor.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            html.Append(page.ActionForm(path + Reschedule, "Reschedule", $"<label>New time (UTC) <input type=\"datetime-local\" name=\"at\" value=\"{at}\" required></label>"));
        }

        if (r.State == CancellationRequestState.Parked)
        {
            html.Append(page.ActionForm(path + Resubmit, "Resubmit"));
        }

        if (r.State is CancellationRequestState.Scheduled or CancellationRequestState.Parked)
        {
            html.Append(page.ActionForm(path + Withdraw, "Withdraw", cssClass: "action danger"));
        }

        return html.Length == 0 ? string.Empty : "<div class=\"actions\">" + html + "</div>";
    }

    // Each answer to a send, from the history: its request id and status; its duration from the move to Sending
    // that began it (the history keeps no separate start of an attempt).
    private static string Attempts(IReadOnlyList<CancellationRequestHistoryEntry> history)
    {
        var rows = new StringBuilder();
        DateTimeOffset? started = null;
        foreach (var h in history)
        {
            if (h.To == CancellationRequestState.Sending)
            {
                started = h.At;
            }

            if (h.HttpRequestId is null || h.From != CancellationRequestState.Sending)
            {
                continue;
            }

            rows.Append("<tr><td>").Append(Html.Time(h.At)).Append("</td><td><code>").Append(Html.E(h.HttpRequestId)).Append("</code></td>")
                .Append("<td class=\"num\">").Append(h.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "none").Append("</td>")
                .Append("<td class=\"num\">").Append(started is { } s ? Html.Age(h.At - s) : "—").Append("</td>")
                .Append("<td>").Append(InboxPages.Status(h.To)).Append("</td></tr>");
            started = null;
        }

        return rows.Length == 0
            ? Layout.Empty("No attempt yet: each send to the gateway appears here with its X-Request-ID, HTTP status and duration.")
            : "<table><thead><tr><th>Answered</th><th>X-Request-ID</th><th>HTTP status</th><th>Duration</th><th>Led to</th></tr></thead><tbody>" + rows + "</tbody></table>";
    }

    internal static CancellationKind? Kind(string? value) => value switch
    {
        "order" => CancellationKind.ServiceOrder,
        "problem" => CancellationKind.ServiceProblem,
        _ => null,
    };

    internal static string? KindName(CancellationKind? kind) => kind switch
    {
        CancellationKind.ServiceOrder => "order",
        CancellationKind.ServiceProblem => "problem",
        _ => null,
    };

    internal static string KindLabel(CancellationKind kind) => kind == CancellationKind.ServiceProblem ? "service problem" : "service order";
}
