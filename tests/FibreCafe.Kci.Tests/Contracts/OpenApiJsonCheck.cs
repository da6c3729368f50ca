using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi.Models;

namespace FibreCafe.Kci.Tests.Contracts;

/// <summary>
/// Checks JSON against the subset of OpenAPI 3.0 schema the KCI document uses: type, required,
/// properties, additionalProperties, items, oneOf (as "any of", the entity kinds overlap), minimum,
/// pattern and format date-time. (JsonSchema.Net is not available on the package source.)
/// </summary>
internal static class OpenApiJsonCheck
{
    public static List<string> Validate(JsonElement value, OpenApiSchema schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    private static void Check(JsonElement value, OpenApiSchema schema, string path, List<string> errors)
    {
        if (schema.OneOf.Count > 0)
        {
            if (!schema.OneOf.Any(option => Validate(value, option).Count == 0))
            {
                errors.Add($"{path} matches none of its alternatives");
            }

            return;
        }

        switch (schema.Type)
        {
            case "object" when value.ValueKind == JsonValueKind.Object:
                CheckObject(value, schema, path, errors);
                break;
            case "array" when value.ValueKind == JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, schema.Items, $"{path}[{i++}]", errors);
                }

                break;
            case "integer" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number):
                if (schema.Minimum is { } min && number < min)
                {
                    errors.Add($"{path} is below {min}");
                }

                break;
            case "string" when value.ValueKind == JsonValueKind.String:
                CheckString(value.GetString()!, schema, path, errors);
                break;
            default:
                errors.Add($"{path} is not of type {schema.Type}");
                break;
        }
    }

    private static void CheckObject(JsonElement value, OpenApiSchema schema, string path, List<string> errors)
    {
        foreach (var required in schema.Required)
        {
            if (!value.TryGetProperty(required, out _))
            {
                errors.Add($"{path}.{required} is required");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (schema.Properties.TryGetValue(property.Name, out var child))
            {
                Check(property.Value, child, $"{path}.{property.Name}", errors);
            }
            else if (!schema.AdditionalPropertiesAllowed)
            {
                errors.Add($"{path}.{property.Name} is not allowed");
            }
        }
    }

    private static void CheckString(string text, OpenApiSchema schema, string path, List<string> errors)
    {
        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern))
        {
            errors.Add($"{path} does not match {pattern}");
        }

        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _))
        {
            errors.Add($"{path} is not a date-time");
        }

        if (schema.Format == "uuid" && !Guid.TryParse(text, out _))
        {
            errors.Add($"{path} is not a uuid");
        }
    }
}
