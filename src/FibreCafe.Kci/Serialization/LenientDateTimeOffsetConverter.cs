using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FibreCafe.Kci.Serialization;

/// <summary>
/// Reads an optional entity date-time and turns anything that is not one into <see langword="null"/>.
/// Entity dates are informational, and the gateway's own examples contain invalid ones
/// (<c>2024-04-012T00:00:00Z</c>); refusing the whole KCI for them would lose the update.
/// </summary>
internal sealed class LenientDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.TryGetDateTimeOffset(out var value))
            {
                return value;
            }

            return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value)
                ? value
                : null;
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteStringValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
