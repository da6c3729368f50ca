using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace FibreCafe.Tests.Contracts;

/// <summary>
/// Checks JSON against the subset of OpenAPI 3.0 schema the contracts/ documents use: type, required,
/// properties, additionalProperties, items, oneOf (as "any of": the KCI entity kinds overlap), minimum,
/// minLength, maxLength, pattern (with ECMAScript <c>\w</c>, as the gateway means it), enum and the
/// formats date-time and uuid. (JsonSchema.Net is not available on the package source.) Shared by the
/// test projects that check a contract.
/// </summary>
internal static class OpenApiJsonCheck
{
    public static List<string> Validate(JsonElement value, OpenApiSchema schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    public static string Text(IOpenApiAny any) => ((OpenApiString)any).Value;

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
        errors.AddRange(schema.Required.Where(r => !value.TryGetProperty(r, out _)).Select(r => $"{path}.{r} is required"));
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
        if (text.Length < (schema.MinLength ?? 0) || text.Length > (schema.MaxLength ?? int.MaxValue))
        {
            errors.Add($"{path} has a bad length");
        }

        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.ECMAScript))
        {
            errors.Add($"{path} does not match {pattern}");
        }

        if (schema.Enum.Count > 0 && !schema.Enum.Select(Text).Contains(text))
        {
            errors.Add($"{path} is not one of the enum values");
        }

        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            errors.Add($"{path} is not a date-time");
        }

        if (schema.Format == "uuid" && !Guid.TryParse(text, out _))
        {
            errors.Add($"{path} is not a uuid");
        }
    }
}
