using System.Text;
using FibreCafe.Operations.Security;

namespace FibreCafe.Operations.Rendering;

/// <summary>The frame of every page: the stylesheet, the navigation, the user, a notice after an action.</summary>
internal static class Layout
{
    private static readonly (string Path, string Label, string Key)[] Sections =
    [
        ("", "Overview", "overview"),
        ("inbox", "Inbox", "inbox"),
        ("requests", "Cancellation requests", "requests"),
        ("ledger", "Ledger", "ledger"),
        ("subscriptions", "TMF641 subscriptions", "subscriptions"),
    ];

    public static HtmlResult Page(OperationsPage page, string section, string title, string body, int statusCode = 200)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Html.E(title)).Append(" · ").Append(Html.E(page.Options.Title)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Html.E(page.Root)).Append("assets/operations.css\"></head><body>")
            .Append("<header><a class=\"brand\" href=\"").Append(Html.E(page.Root)).Append("\">").Append(Html.E(page.Options.Title)).Append("</a><nav>");
        foreach (var (path, label, key) in Sections)
        {
            html.Append("<a href=\"").Append(Html.E(page.Root + path)).Append('"')
                .Append(key == section ? " aria-current=\"page\"" : string.Empty).Append('>').Append(Html.E(label)).Append("</a>");
        }

        html.Append("</nav><span class=\"user\">").Append(Html.E(OperationsAccess.UserName(page.Http)))
            .Append(page.CanOperate ? string.Empty : " · read-only").Append("</span></header><main>")
            .Append("<h1>").Append(Html.E(title)).Append("</h1>");
        if (Notices.Text(page.Query("done")) is { } notice)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(Html.E(notice)).Append("</p>");
        }

        html.Append(body).Append("</main></body></html>");
        return new HtmlResult(html.ToString(), statusCode);
    }

    /// <summary>The paragraph a list shows when nothing matches.</summary>
    public static string Empty(string what) => $"<p class=\"empty\">{Html.E(what)}</p>";

    /// <summary>The empty state of a list page: what would appear there, or that the page is past the last one.</summary>
    public static string EmptyList(long total, string what) => Empty(total == 0 ? what : "This page is past the last one.");

    /// <summary>The end of a list's filter form: its button, a link to the unfiltered list, the closing tag.</summary>
    public static string FilterEnd(OperationsPage page, string path) =>
        $"<button type=\"submit\">Filter</button> <a href=\"{Html.E(page.Root + path)}\">clear</a></form>";
}
