using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace FibreCafe.Tests.Contracts;

/// <summary>
/// Checks JSON against the subset of OpenAPI 3.0 schema the contracts/ documents use, and that
/// Microsoft.OpenApi.Readers makes of a Swagger 2.0 document's definitions (TM Forum's TMF641): type (object,
/// array, string, integer, number, boolean; no type means any value), nullable, required, properties,
/// additionalProperties (false, or a schema), items, minItems, maxItems, allOf, oneOf and anyOf (both as
/// "any of": the KCI entity kinds overlap), discriminator (with oneOf/anyOf: a mapped value selects its
/// alternative, so its errors are the ones reported), minimum, maximum, minLength, maxLength, pattern (with
/// ECMAScript <c>\w</c>, as the gateway means it), enum and the formats date-time (RFC 3339: a date, a time and
/// an offset), uuid and uri (absolute). Other keywords are not checked. (JsonSchema.Net is not available on the
/// package source.) Shared by the test projects that check a contract.
/// </summary>
internal static class OpenApiJsonCheck
{
    private static readonly Regex Rfc3339 = new(
        @"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex UriScheme = new("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static List<string> Validate(JsonElement value, OpenApiSchema schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    public static string Text(IOpenApiAny any) => ((OpenApiString)any).Value;

    private static void Check(JsonElement value, OpenApiSchema schema, string path, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.Null && schema.Nullable)
        {
            return;
        }

        CheckAlternatives(value, schema, path, errors);
        foreach (var part in schema.AllOf)
        {
            Check(value, part, path, errors);
        }

        if (schema.Type is { } type && !IsOfType(value, type))
        {
            errors.Add($"{path} is not of type {type}");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(value, schema, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, path, errors);
                break;
        }
    }

    private static void CheckAlternatives(JsonElement value, OpenApiSchema schema, string path, List<string> errors)
    {
        var alternatives = schema.OneOf.Count > 0 ? schema.OneOf : schema.AnyOf;
        if (alternatives.Count == 0)
        {
            return;
        }

        if (Selected(value, schema, alternatives) is { } selected)
        {
            Check(value, selected, path, errors);
            return;
        }

        var failures = new List<string>();
        foreach (var (alternative, index) in alternatives.Select((a, i) => (a, i + 1)))
        {
            var found = new List<string>();
            Check(value, alternative, path, found);
            if (found.Count == 0)
            {
                return;
            }

            failures.Add($"{alternative.Reference?.Id ?? $"alternative {index}"}: {string.Join("; ", found)}");
        }

        errors.Add($"{path} matches none of its alternatives ({string.Join(" | ", failures)})");
    }

    /// <summary>The alternative a discriminator names, when the value carries a mapped one.</summary>
    private static OpenApiSchema? Selected(JsonElement value, OpenApiSchema schema, IList<OpenApiSchema> alternatives)
    {
        if (schema.Discriminator is not { PropertyName: { } property } discriminator
            || value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty(property, out var name)
            || name.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var target = discriminator.Mapping is { } mapping && mapping.TryGetValue(name.GetString()!, out var reference)
            ? reference[(reference.LastIndexOf('/') + 1)..]
            : name.GetString();
        return alternatives.FirstOrDefault(a => a.Reference?.Id == target && !ReferenceEquals(a, schema));
    }

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => false,
    };

    private static void CheckObject(JsonElement value, OpenApiSchema schema, string path, List<string> errors)
    {
        errors.AddRange(schema.Required.Where(r => !value.TryGetProperty(r, out _)).Select(r => $"{path}.{r} is required"));
        foreach (var property in value.EnumerateObject())
        {
            if (schema.Properties.TryGetValue(property.Name, out var child))
            {
                Check(property.Value, child, $"{path}.{property.Name}", errors);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Check(property.Value, additional, $"{path}.{property.Name}", errors);
            }
            else if (!schema.AdditionalPropertiesAllowed)
            {
                errors.Add($"{path}.{property.Name} is not allowed");
            }
        }
    }

    private static void CheckArray(JsonElement value, OpenApiSchema schema, string path, List<string> errors)
    {
        var length = value.GetArrayLength();
        if (length < (schema.MinItems ?? 0) || length > (schema.MaxItems ?? int.MaxValue))
        {
            errors.Add($"{path} has a bad number of items");
        }

        if (schema.Items is not { } items)
        {
            return;
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            Check(item, items, $"{path}[{i++}]", errors);
        }
    }

    private static void CheckNumber(JsonElement value, OpenApiSchema schema, string path, List<string> errors)
    {
        var number = value.TryGetDecimal(out var exact) ? exact : (decimal)Math.Clamp(value.GetDouble(), (double)decimal.MinValue, (double)decimal.MaxValue);
        if (schema.Minimum is { } min && (number < min || (schema.ExclusiveMinimum == true && number == min)))
        {
            errors.Add($"{path} is below {min}");
        }

        if (schema.Maximum is { } max && (number > max || (schema.ExclusiveMaximum == true && number == max)))
        {
            errors.Add($"{path} is above {max}");
        }
    }

    private static void CheckString(string text, OpenApiSchema schema, string path, List<string> errors)
    {
        if (text.Length < (schema.MinLength ?? 0) || text.Length > (schema.MaxLength ?? int.MaxValue))
        {
            errors.Add($"{path} has a bad length");
        }

        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.ECMAScript))
        {
            errors.Add($"{path} does not match {pattern}");
        }

        if (schema.Enum.Count > 0 && !schema.Enum.OfType<OpenApiString>().Any(v => v.Value == text))
        {
            errors.Add($"{path} is not one of the enum values");
        }

        switch (schema.Format)
        {
            case "date-time" when !Rfc3339.IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _):
                errors.Add($"{path} is not a date-time");
                break;
            case "uuid" when !Guid.TryParse(text, out _):
                errors.Add($"{path} is not a uuid");
                break;
            case "uri" when !UriScheme.IsMatch(text) || !Uri.TryCreate(text, UriKind.Absolute, out _):
                errors.Add($"{path} is not an absolute uri");
                break;
        }
    }
}
