using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Tmf641.Endpoints;

/// <summary>
/// The query string of a list: <c>fields</c>, <c>offset</c>, <c>limit</c> and the filters a resource allows. A parameter
/// the resource does not know is refused (400 naming it) rather than ignored: an ignored filter would answer more than asked.
/// </summary>
internal sealed class ListQuery
{
    private readonly IQueryCollection _query;

    private ListQuery(IQueryCollection query) => _query = query;

    public string? Fields => _query.TryGetValue("fields", out var f) ? f.ToString() : null;

    public int Offset { get; private init; }

    public int Limit { get; private init; }

    public string? this[string name] => _query.TryGetValue(name, out var value) ? value.ToString() : null;

    public static (ListQuery? Query, Tmf641Problem? Problem) Read(IQueryCollection query, int defaultLimit, params string[] filters)
    {
        if (query.Keys.FirstOrDefault(k => k is not ("fields" or "offset" or "limit") && !filters.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            var allowed = string.Join(", ", new[] { "fields", "offset", "limit" }.Concat(filters));
            return (null, Tmf641Problem.BadRequest(unknown, $"{unknown} is not a parameter of this list; it takes {allowed}."));
        }

        if (!TryInt(query, "offset", 0, 0, int.MaxValue, out var offset, out var problem)
            || !TryInt(query, "limit", defaultLimit, 1, Tmf641Constants.MaxLimit, out var limit, out problem))
        {
            return (null, problem);
        }

        return (new ListQuery(query) { Offset = offset, Limit = limit }, null);
    }

    private static bool TryInt(IQueryCollection query, string name, int fallback, int min, int max, out int value, out Tmf641Problem? problem)
    {
        (value, problem) = (fallback, null);
        if (!query.TryGetValue(name, out var given))
        {
            return true;
        }

        if (given.Count == 1 && int.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = Tmf641Problem.BadRequest(name, $"{name} must be a whole number from {min} to {max}, not '{given}'.");
        return false;
    }
}
