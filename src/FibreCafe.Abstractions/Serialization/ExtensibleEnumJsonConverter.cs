using System.Text.Json;
using System.Text.Json.Serialization;

namespace FibreCafe.Client.Serialization;

/// <summary>
/// Reads and writes an <see cref="IExtensibleEnum{TSelf}"/> as a JSON string. Unknown values are
/// preserved rather than rejected.
/// </summary>
/// <typeparam name="T">The extensible enum type.</typeparam>
public sealed class ExtensibleEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleEnum<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        return T.FromValue(reader.GetString()!);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
