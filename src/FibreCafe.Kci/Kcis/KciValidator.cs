using System.Text.Json;
using System.Text.RegularExpressions;

namespace FibreCafe.Kci.Kcis;

/// <summary>
/// Checks the required fields of a KCI (Tenant Updates API 1.14) on the parsed JSON, before binding,
/// so that each problem is reported with the name of its field. Fields it does not know are ignored.
/// </summary>
internal static partial class KciValidator
{
    public static List<string> Validate(JsonElement root)
    {
        var problems = new List<string>();
        if (RequireString(root, "id", problems) is { } id && !Guid.TryParseExact(id, "D", out _))
        {
            problems.Add("id must be a UUID, e.g. d394b30d-944e-49b5-a2f6-da5824d0b31b.");
        }

        if (RequireString(root, "supplier", problems) is { } supplier && !SupplierPattern().IsMatch(supplier))
        {
            problems.Add(@"supplier must match ^\w{1,20}$.");
        }

        RequirePositiveInteger(root, "sequenceNumber", "sequenceNumber", problems);
        CheckDateTime(root, "deliveredOn", required: true, problems);
        CheckDateTime(root, "issuedOn", required: false, problems);
        CheckDateTime(root, "receivedOn", required: false, problems);
        CheckUpdateObject(root, RequireString(root, "updateType", problems), problems);
        var entityType = RequireString(root, "entityType", problems);
        if (!KciJson.TryGet(root, "entity", out var entity))
        {
            problems.Add("entity is required.");
        }
        else if (entity.ValueKind != JsonValueKind.Object)
        {
            problems.Add("entity must be an object.");
        }
        else if (entityType is not null && new KciEntityType(entityType).IsKnown)
        {
            // The entity id is the ordering key of every known entity type, so it cannot be guessed.
            RequirePositiveInteger(entity, "id", "entity.id", problems);
        }

        CheckCancellation(root, "serviceOrderCancellation", "serviceOrderCancellation", problems);
        CheckCancellation(root, "serviceProblemCancellation", "serviceProblemCancellation", problems);
        CheckCancellation(entity, "serviceOrderCancellation", "entity.serviceOrderCancellation", problems);
        CheckCancellation(entity, "serviceProblemCancellation", "entity.serviceProblemCancellation", problems);
        return problems;
    }

    // The object that goes with a known update type is required; an unknown update type is accepted as it is.
    private static void CheckUpdateObject(JsonElement root, string? updateType, List<string> problems)
    {
        var (field, member) = updateType switch
        {
            "INFORMATIONAL" => ("information", "type"),
            "ACTION_REQUIRED" => ("action", "type"),
            "ERROR" => ("error", "code"),
            _ => (null, null),
        };
        if (field is null || member is null)
        {
            return;
        }

        if (!KciJson.TryGet(root, field, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{field} is required (an object) when updateType is {updateType}.");
        }
        else if (!KciJson.TryGet(value, member, out var type) || type.ValueKind != JsonValueKind.String || type.GetString()!.Length == 0)
        {
            problems.Add($"{field}.{member} is required (a string) when updateType is {updateType}.");
        }
    }

    private static void CheckCancellation(JsonElement parent, string name, string field, List<string> problems)
    {
        if (!KciJson.TryGet(parent, name, out var cancellation))
        {
            return;
        }

        if (cancellation.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{field} must be an object.");
            return;
        }

        RequirePositiveInteger(cancellation, "id", field + ".id", problems);
    }

    private static string? RequireString(JsonElement parent, string name, List<string> problems)
    {
        if (!KciJson.TryGet(parent, name, out var value))
        {
            problems.Add($"{name} is required.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            problems.Add($"{name} must be a non-empty string.");
            return null;
        }

        return text;
    }

    private static void RequirePositiveInteger(JsonElement parent, string name, string field, List<string> problems)
    {
        if (!KciJson.TryGet(parent, name, out var value))
        {
            problems.Add($"{field} is required.");
        }
        else if (!KciJson.TryGetPositiveInteger(value, out _))
        {
            problems.Add($"{field} must be an integer of at least 1.");
        }
    }

    private static void CheckDateTime(JsonElement parent, string name, bool required, List<string> problems)
    {
        if (!KciJson.TryGet(parent, name, out var value))
        {
            if (required)
            {
                problems.Add($"{name} is required.");
            }
        }
        else if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out _))
        {
            problems.Add($"{name} must be an ISO 8601 date-time, e.g. 2024-04-10T09:53:38.817Z.");
        }
    }

    [GeneratedRegex(@"^\w{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex SupplierPattern();
}
