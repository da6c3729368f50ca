using System.Text.Json;

namespace FibreCafe.Kci.Kcis;

/// <summary>Small helpers over <see cref="JsonElement"/> for validating a KCI before it is bound.</summary>
internal static class KciJson
{
    /// <summary>
    /// Finds a property by its exact name, else ignoring case (the binder is case-insensitive too; a body
    /// that gives a name twice is refused before this runs, so both find the same one); a JSON <c>null</c>
    /// counts as absent.
    /// </summary>
    public static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object)
        {
            if (parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }

            foreach (var property in parent.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Reads an integer of at least 1, the shape of every gateway id and sequence number.</summary>
    public static bool TryGetPositiveInteger(JsonElement value, out long result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out result) && result >= 1;
    }

    /// <summary>Gets the text of a string or number property, e.g. an entity id; <see langword="null"/> otherwise.</summary>
    public static string? GetScalarText(JsonElement parent, string name) =>
        TryGet(parent, name, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;
}
