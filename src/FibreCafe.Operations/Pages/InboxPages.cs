using System.Globalization;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Operations.Rendering;
using FibreCafe.Operations.Security;
using FibreCafe.Operations.Telemetry;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Pages;

/// <summary>The KCI inbox: a filtered list, one KCI with its body and what dispatching it did, and replay.</summary>
internal static class InboxPages
{
    public static async Task<IResult> ListAsync(OperationsPage page)
    {
        var status = Parse<KciInboxStatus>(page.Query("status"));
        var type = KciEntityType.KnownValues.Where(k => k.Value == page.Query("type")).Select(k => (KciEntityType?)k).FirstOrDefault();
        var entityId = page.Query("entity") is { } e && !e.Contains(':', StringComparison.Ordinal) ? e : null;
        var from = Day(page.Query("from"));
        var to = Day(page.Query("to"));
        var result = await page.Service<IKciInbox>().SearchAsync(new KciInboxQuery
        {
            Status = status,
            EntityType = type,
            EntityId = entityId,
            ReceivedFrom = from,
            ReceivedBefore = to?.AddDays(1),
            Offset = page.Offset,
            Limit = page.Options.PageSize,
        }, page.Aborted).ConfigureAwait(false);

        var body = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"").Append(Html.E(page.Root)).Append("inbox\">")
            .Append("<label>Status<select name=\"status\">").Append(Html.Option(string.Empty, "any", null));
        foreach (var s in Enum.GetValues<KciInboxStatus>())
        {
            body.Append(Html.Option(s.ToString(), s.ToString(), status?.ToString()));
        }

        body.Append("</select></label><label>Entity type<select name=\"type\">").Append(Html.Option(string.Empty, "any", null));
        foreach (var k in KciEntityType.KnownValues)
        {
            body.Append(Html.Option(k.Value, k.Value, type?.Value));
        }

        body.Append("</select></label>")
            .Append("<label>Entity id<input name=\"entity\" value=\"").Append(Html.E(entityId)).Append("\" size=\"12\"></label>")
            .Append("<label>Received from (UTC)<input type=\"date\" name=\"from\" value=\"").Append(Html.E(from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Append("\"></label>")
            .Append("<label>to<input type=\"date\" name=\"to\" value=\"").Append(Html.E(to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Append("\"></label>")
            .Append(Layout.FilterEnd(page, "inbox"));

        (string, string?)[] filters = [("status", status?.ToString()), ("type", type?.Value), ("entity", entityId), ("from", page.Query("from")), ("to", page.Query("to"))];
        if (result.Items.Count == 0)
        {
            body.Append(Layout.EmptyList(result.Total, "No KCI matches. Each KCI the gateway posts to /kcis appears here as soon as it is stored: pending until dispatched, done after, parked when its handlers failed on every attempt."));
        }
        else
        {
            body.Append("<table><thead><tr><th>Received</th><th>KCI</th><th>Entity</th><th>Seq.</th><th>Update</th><th>Status</th><th>Attempts</th><th>Last error</th></tr></thead><tbody>");
            foreach (var entry in result.Items)
            {
                body.Append("<tr><td>").Append(Html.Time(entry.ReceivedAt)).Append("</td>")
                    .Append("<td><a href=\"").Append(Html.E(page.Root)).Append("inbox/").Append(entry.KciId.ToString("D")).Append("\"><code>").Append(entry.KciId.ToString("D")[..8]).Append("…</code></a></td>")
                    .Append("<td>").Append(Html.E(entry.EntityKey)).Append("</td><td class=\"num\">").Append(Html.N(entry.SequenceNumber)).Append("</td>")
                    .Append("<td>").Append(Html.E(entry.UpdateType.Value)).Append("</td><td>").Append(Status(entry.Status)).Append("</td>")
                    .Append("<td class=\"num\">").Append(entry.Attempts).Append("</td><td>").Append(Html.E(Short(entry.LastError))).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        body.Append(Pager.Render(page, "inbox", result.Items.Count, result.Total, filters));
        return Layout.Page(page, "inbox", "KCI inbox", body.ToString());
    }

    public static async Task<IResult> DetailAsync(OperationsPage page, Guid id)
    {
        var entry = await page.Service<IKciInbox>().GetAsync(id, page.Aborted).ConfigureAwait(false);
        if (entry is null)
        {
            return Layout.Page(page, "inbox", "KCI not found", Layout.Empty($"No KCI {id:D} is in the inbox: it was never received, or retention removed it after it was done."), StatusCodes.Status404NotFound);
        }

        var body = new StringBuilder("<table class=\"fields\"><tbody>");
        Html.FieldRow(body, "KCI id", $"<code>{entry.KciId:D}</code>");
        Html.FieldRow(body, "Status", Status(entry.Status));
        Html.FieldRow(body, "Entity", Html.E(entry.EntityKey) + EntityLinks(page, entry));
        Html.FieldRow(body, "Sequence number", Html.N(entry.SequenceNumber));
        Html.FieldRow(body, "Entity type / update", Html.E(entry.EntityType.Value) + " / " + Html.E(entry.UpdateType.Value));
        Html.FieldRow(body, "Supplier", Html.E(entry.Supplier));
        Html.FieldRow(body, "Delivered on (gateway)", Html.Time(entry.DeliveredOn));
        Html.FieldRow(body, "Received", Html.Time(entry.ReceivedAt));
        Html.FieldRow(body, "Request / conversation id", $"<code>{Html.E(entry.RequestId ?? "—")}</code> / <code>{Html.E(entry.ConversationId ?? "—")}</code>");
        Html.FieldRow(body, "Attempts", entry.Attempts.ToString(CultureInfo.InvariantCulture));
        Html.FieldRow(body, "Next attempt", Html.Time(entry.NextAttemptAt));
        Html.FieldRow(body, "Completed or parked", Html.Time(entry.CompletedAt));
        Html.FieldRow(body, "Last error", entry.LastError is null ? "—" : $"<span class=\"alert\">{Html.E(BodyRedactor.RedactText(entry.LastError))}</span>");
        body.Append("</tbody></table>");

        if (entry.Status == KciInboxStatus.Parked)
        {
            body.Append("<div class=\"actions\">").Append(page.ActionForm(page.Root + "inbox/" + entry.KciId.ToString("D") + "/replay", "Replay this KCI")).Append("</div>");
        }

        body.Append("<h2>Events it produced</h2>");
        body.Append(entry.ProducedEvents.Count > 0
            ? "<ul>" + string.Concat(entry.ProducedEvents.Select(e => $"<li><code>{Html.E(e)}</code></li>")) + "</ul>"
            : Layout.Empty(entry.Status == KciInboxStatus.Done
                ? "Dispatching it raised no event (a stale KCI, or one the mapping has no event for)."
                : "None yet: the events are recorded when the KCI is dispatched."));
        body.Append("<h2>Body</h2><pre class=\"body\">").Append(Html.E(BodyRedactor.Show(System.Text.Encoding.UTF8.GetString(entry.Body.Span)))).Append("</pre>");
        return Layout.Page(page, "inbox", "KCI " + entry.KciId.ToString("D")[..8], body.ToString());
    }

    public static async Task<IResult> ReplayAsync(OperationsPage page, Guid id)
    {
        var replayer = page.OptionalService<IKciReplayer>();
        var replayed = replayer is not null
            ? await replayer.ReplayAsync(id, page.Aborted).ConfigureAwait(false)
            : await page.Service<IKciInbox>().ReplayAsync(id, page.Aborted).ConfigureAwait(false);
        Log.ActionTaken(page.Service<OperationsLog>().Logger, OperationsAccess.UserName(page.Http), "replay", $"KCI {id:D}", replayed ? "replayed" : "not parked");
        return OperationsEndpoints.SeeOther(page, "inbox/" + id.ToString("D"), replayed ? Notices.Replayed : Notices.NotParked);
    }

    public static string Status<T>(T status)
        where T : struct, Enum => $"<span class=\"status status-{status}\">{status}</span>";

    // Links from the entity to the ledger of its order or problem, when the key names one.
    private static string EntityLinks(OperationsPage page, KciInboxEntry entry)
    {
        var id = entry.EntityKey[(entry.EntityKey.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return string.Empty;
        }

        var kind = entry.EntityType == KciEntityType.ServiceProblem ? "problem" : entry.EntityType == KciEntityType.ServiceTest ? null : "order";
        return kind is null ? string.Empty : $" · <a href=\"{Html.E(page.Root)}ledger{Html.Query(("kind", kind), ("id", id))}\">its cancellations</a>";
    }

    private static string? Short(string? text) => text is null ? null : BodyRedactor.RedactText(text.Length <= 80 ? text : text[..80] + "…");

    internal static T? Parse<T>(string? value)
        where T : struct, Enum => Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed : null;

    private static DateTimeOffset? Day(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)
            ? new DateTimeOffset(day, TimeSpan.Zero) : null;
}
