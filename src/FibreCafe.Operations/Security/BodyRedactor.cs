using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FibreCafe.Operations.Security;

/// <summary>
/// Turns a stored body into what the page may show: JSON indented, with the value of every property whose name
/// speaks of a secret replaced, credentials in URLs and <c>Bearer</c>/<c>Basic</c> values cut out of every string,
/// and the whole cut at <see cref="OperationsConstants.MaxShownBodyCharacters"/>. A body that is not JSON gets the
/// string rules only.
/// </summary>
internal static partial class BodyRedactor
{
    public const string Mask = "[redacted]";

    // Matched against the property name with '_' and '-' removed, ignoring case.
    private static readonly string[] SecretNameParts = ["password", "passwd", "secret", "token", "authorization", "apikey", "credential", "signature", "cookie", "privatekey"];

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body as the page shows it; empty for none.</summary>
    public static string Show(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return string.Empty;
        }

        string shown;
        try
        {
            using var document = JsonDocument.Parse(body);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                Write(writer, document.RootElement);
            }

            shown = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (JsonException)
        {
            shown = RedactText(body);
        }

        return shown.Length <= OperationsConstants.MaxShownBodyCharacters
            ? shown
            : string.Concat(shown.AsSpan(0, OperationsConstants.MaxShownBodyCharacters), "\n… (cut: ", (shown.Length - OperationsConstants.MaxShownBodyCharacters).ToString(System.Globalization.CultureInfo.InvariantCulture), " more characters)");
    }

    /// <summary>Whether a property of that name holds a secret.</summary>
    public static bool IsSecretName(string name)
    {
        var plain = name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return SecretNameParts.Any(part => plain.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Cuts credentials out of free text: URL user info and queries, <c>Bearer</c>/<c>Basic</c> values, <c>key=value</c> secrets.</summary>
    public static string RedactText(string text)
    {
        text = UrlCredentials().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        text = UrlQuery().Replace(text, m => m.Groups["url"].Value + "?" + Mask);
        text = SchemeValue().Replace(text, m => m.Groups["scheme"].Value + " " + Mask);
        return KeyValue().Replace(text, m => IsSecretName(m.Groups["key"].Value) ? m.Groups["key"].Value + m.Groups["sep"].Value + Mask : m.Value);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (IsSecretName(property.Name) && property.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                    {
                        writer.WriteStringValue(Mask);
                    }
                    else
                    {
                        Write(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(RedactText(element.GetString()!));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.-]*://)[^/\s@""]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?<url>[a-z][a-z0-9+.-]*://[^\s?""]+)\?[^\s""]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQuery();

    [GeneratedRegex(@"\b(?<scheme>Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeValue();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_-]*)(?<sep>\s*[=:]\s*)[^\s&,;""]+")]
    private static partial Regex KeyValue();
}
