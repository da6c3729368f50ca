using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FibreCafe.Tmf641.Resources;

/// <summary>How values are written: times in RFC 3339 UTC with milliseconds, as the specification's <c>date-time</c> means.</summary>
internal static partial class Tmf641Json
{
    /// <summary>Reads an RFC 3339 date-time with an offset (<c>Z</c> or <c>±hh:mm</c>), as the specification's <c>date-time</c> is.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset value)
    {
        value = default;
        return RfcDateTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    public static JsonNode? Time(DateTimeOffset? time) =>
        time is { } t ? JsonValue.Create(t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) : null;

    /// <summary>Adds a property only when it has a value: TMF resources leave out what is unknown.</summary>
    public static JsonObject Put(this JsonObject json, string name, JsonNode? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }

        return json;
    }

    public static JsonObject Put(this JsonObject json, string name, string? value) => json.Put(name, value is null ? null : JsonValue.Create(value));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex RfcDateTime();
}
