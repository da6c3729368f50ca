using System.Text.Json.Nodes;

namespace FibreCafe.Tmf641.Resources;

/// <summary>
/// TMF630's attribute selection: <c>fields=state,serviceOrder.id</c> keeps <c>id</c>, <c>href</c> and the named
/// attributes, dotted paths into nested objects included. A name the resource does not have selects nothing.
/// </summary>
internal sealed class FieldsProjection
{
    private readonly List<string[]> _paths;

    private FieldsProjection(List<string[]> paths) => _paths = paths;

    /// <summary>No projection: the whole resource.</summary>
    public static FieldsProjection? Parse(string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return null;
        }

        var paths = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split('.', StringSplitOptions.TrimEntries))
            .Where(p => p.All(s => s.Length > 0))
            .ToList();
        return new FieldsProjection([["id"], ["href"], .. paths]);
    }

    public JsonObject Apply(JsonObject resource)
    {
        var projected = new JsonObject();
        foreach (var path in _paths)
        {
            Copy(resource, projected, path, 0);
        }

        return projected;
    }

    private static void Copy(JsonObject from, JsonObject to, string[] path, int depth)
    {
        if (!from.TryGetPropertyValue(path[depth], out var value) || value is null)
        {
            return;
        }

        if (depth == path.Length - 1)
        {
            to[path[depth]] = value.DeepClone();
            return;
        }

        if (value is JsonObject child)
        {
            if (!to.TryGetPropertyValue(path[depth], out var existing) || existing is not JsonObject target)
            {
                target = new JsonObject();
                to[path[depth]] = target;
            }

            Copy(child, target, path, depth + 1);
        }
    }
}
