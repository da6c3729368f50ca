using System.Globalization;
using FibreCafe.Operations.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Operations.Rendering;

/// <summary>
/// One request to the page: who asks and may they act, the relative way back to the mount (every link is relative,
/// so the page is right under any <c>PathBase</c> and behind any proxy prefix), and the query's filters.
/// </summary>
internal sealed class OperationsPage(HttpContext http, string root, bool canOperate, FibreCafeOperationsOptions options)
{
    public HttpContext Http => http;

    /// <summary>The relative path from this request's URL to the mount, <c>./</c> or <c>../</c>…, ending in '/'.</summary>
    public string Root => root;

    /// <summary>Whether the user may act: the pages show action buttons only then.</summary>
    public bool CanOperate => canOperate;

    public FibreCafeOperationsOptions Options => options;

    public CancellationToken Aborted => http.RequestAborted;

    public T Service<T>()
        where T : notnull => http.RequestServices.GetRequiredService<T>();

    public T? OptionalService<T>() => http.RequestServices.GetService<T>();

    /// <summary>A query value, trimmed; <see langword="null"/> when absent or blank.</summary>
    public string? Query(string name) => http.Request.Query[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    /// <summary>The 1-based page number of a list (<c>?page=</c>), 1 when absent or not a number.</summary>
    public int PageNumber => int.TryParse(Query("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 1;

    /// <summary>The offset of the current page, capped so that it fits an <see cref="int"/>.</summary>
    public int Offset => (int)Math.Min((long)(PageNumber - 1) * options.PageSize, int.MaxValue / 2);

    /// <summary>A POST form for one action, with the antiforgery token; empty when the user may not act.</summary>
    public string ActionForm(string action, string label, string? extraFields = null, string cssClass = "action")
    {
        if (!canOperate)
        {
            return string.Empty;
        }

        var token = Service<OperationsForms>().HiddenField(http);
        return $"<form method=\"post\" action=\"{Html.E(action)}\" class=\"{Html.E(cssClass)}\">{token}{extraFields}<button type=\"submit\">{Html.E(label)}</button></form>";
    }

    /// <summary>Computes the root from a request path and the mount's prefix (a literal path).</summary>
    public static string RootOf(PathString path, string prefix)
    {
        var value = path.Value ?? string.Empty;
        var rest = value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? value[prefix.Length..] : value;
        var depth = Math.Max(0, rest.Count(c => c == '/') - 1);
        return depth == 0 ? "./" : string.Concat(Enumerable.Repeat("../", depth));
    }
}
