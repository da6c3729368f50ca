namespace FibreCafe.Operations.Rendering;

/// <summary>"Showing 26–50 of 340" with links to the previous and next page, keeping the list's filters.</summary>
internal static class Pager
{
    /// <param name="page">The request.</param>
    /// <param name="path">The list's path from the mount, e.g. <c>inbox</c>.</param>
    /// <param name="shown">How many rows this page shows.</param>
    /// <param name="total">How many rows match in all.</param>
    /// <param name="filters">The list's filters, repeated in each link.</param>
    public static string Render(OperationsPage page, string path, int shown, long total, params (string Name, string? Value)[] filters)
    {
        if (total == 0)
        {
            return string.Empty;
        }

        var number = page.PageNumber;
        var first = (long)(number - 1) * page.Options.PageSize + 1;
        var html = new System.Text.StringBuilder("<nav class=\"pager\" aria-label=\"pages\"><span>");
        html.Append(shown == 0 ? Html.Invariant($"No rows on page {number}") : $"Showing {Html.N(first)}–{Html.N(first + shown - 1)}")
            .Append(" of ").Append(Html.N(total)).Append("</span>");
        if (number > 1)
        {
            html.Append(Link(page, path, number - 1, "‹ Previous", "prev", filters));
        }

        if (first - 1 + shown < total)
        {
            html.Append(Link(page, path, number + 1, "Next ›", "next", filters));
        }

        return html.Append("</nav>").ToString();
    }

    private static string Link(OperationsPage page, string path, int number, string label, string rel, (string Name, string? Value)[] filters)
    {
        var query = Html.Query([.. filters, ("page", number == 1 ? null : number.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return $"<a rel=\"{rel}\" href=\"{Html.E(page.Root + path)}{query}\">{Html.E(label)}</a>";
    }
}
