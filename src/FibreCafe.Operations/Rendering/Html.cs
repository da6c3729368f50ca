using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace FibreCafe.Operations.Rendering;

/// <summary>The few helpers every page writes with: every value goes through <see cref="E"/> on its way into HTML.</summary>
internal static class Html
{
    /// <summary>Encodes text for an element or a quoted attribute.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>Encodes a value for a URL's path segment or query.</summary>
    public static string U(string? text) => Uri.EscapeDataString(text ?? string.Empty);

    /// <summary>A time as the page shows it: UTC to the second, or a dash.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>A duration as a person reads it: "3 h 20 min", "4 min 5 s", "850 ms".</summary>
    public static string Age(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? Invariant($"{(int)span.TotalDays} d {span.Hours} h")
            : span.TotalHours >= 1 ? Invariant($"{(int)span.TotalHours} h {span.Minutes} min")
            : span.TotalMinutes >= 1 ? Invariant($"{(int)span.TotalMinutes} min {span.Seconds} s")
            : span.TotalSeconds >= 1 ? Invariant($"{span.TotalSeconds:0.#} s")
            : Invariant($"{span.TotalMilliseconds:0} ms");
    }

    /// <summary>A number with thousands separated.</summary>
    public static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A query string of the non-empty values, <c>?a=1&amp;b=2</c> (encoded for an attribute), or empty.</summary>
    public static string Query(params (string Name, string? Value)[] values)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(U(name)).Append('=').Append(U(value));
            }
        }

        return E(query.ToString());
    }

    /// <summary>An <c>option</c> element, selected when its value is the current one.</summary>
    public static string Option(string value, string label, string? current) =>
        $"<option value=\"{E(value)}\"{(string.Equals(value, current, StringComparison.Ordinal) ? " selected" : string.Empty)}>{E(label)}</option>";

    /// <summary>A row of a detail page's field table: the label encoded, the value already HTML.</summary>
    public static void FieldRow(StringBuilder body, string label, string valueHtml) =>
        body.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(valueHtml).Append("</td></tr>");

    /// <summary>Formats with the invariant culture.</summary>
    public static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
