using System.Text.Json;
using System.Text.RegularExpressions;

namespace FibreCafe.Testing.Internal;

/// <summary>A cancellation request that passed the gateway's checks.</summary>
internal sealed record ValidCancellation(long EntityId, string ReasonCode, string? Supplier, string? Text);

/// <summary>
/// The gateway's checks: a missing mandatory field or a wrong JSON type is 400 MALFORMED_REQUEST; a
/// well-formed value that breaks a rule is 422 INVALID_REQUEST. Messages name the field.
/// </summary>
internal static partial class SandboxRequestValidator
{
    public static (ValidCancellation? Request, int Status, string? Code, string? Message) Validate(
        string? body, string idField, Regex reasonPattern, bool allowsSupplier)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "null" : body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Malformed("The body is not valid JSON.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Malformed("The body must be a JSON object.");
        }

        if (!root.TryGetProperty(idField, out var id))
        {
            return Malformed($"Missing mandatory field {idField}.");
        }

        if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var entityId))
        {
            return Malformed($"{idField} must be a whole number.");
        }

        if (!root.TryGetProperty("reasonCode", out var reason))
        {
            return Malformed("Missing mandatory field reasonCode.");
        }

        var supplier = OptionalString(root, "supplier", out var supplierIsString);
        var text = OptionalString(root, "text", out var textIsString);
        return (entityId, reason.ValueKind, supplierIsString, textIsString) switch
        {
            ( < 1, _, _, _) => Invalid($"Invalid value for field {idField} - it must be at least 1."),
            (_, not JsonValueKind.String, _, _) => Malformed("reasonCode must be a string."),
            _ when !reasonPattern.IsMatch(reason.GetString()!) => Invalid($"Invalid value for field reasonCode - it must match {reasonPattern}."),
            (_, _, false, _) => Malformed("supplier must be a string."),
            _ when supplier is not null && (!allowsSupplier || !SupplierPattern().IsMatch(supplier)) =>
                Invalid(allowsSupplier ? "Invalid value for field supplier - it must match ^\\w{1,20}$." : "Unknown field supplier."),
            (_, _, _, false) => Malformed("text must be a string."),
            _ when text is { Length: < 1 or > 1000 } => Invalid("Invalid value for field text - it must be 1 to 1000 characters."),
            _ => (new ValidCancellation(entityId, reason.GetString()!, supplier, text), 201, null, null),
        };
    }

    private static string? OptionalString(JsonElement root, string name, out bool isStringOrAbsent)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            isStringOrAbsent = true;
            return null;
        }

        isStringOrAbsent = value.ValueKind == JsonValueKind.String;
        return isStringOrAbsent ? value.GetString() : null;
    }

    private static (ValidCancellation?, int, string?, string?) Malformed(string message) => (null, 400, "MALFORMED_REQUEST", message);

    private static (ValidCancellation?, int, string?, string?) Invalid(string message) => (null, 422, "INVALID_REQUEST", message);

    [GeneratedRegex(@"^\w{1,20}$", RegexOptions.ECMAScript)]
    private static partial Regex SupplierPattern();
}
