using System.Text.Json;
using FibreCafe.Tmf641.Endpoints;

namespace FibreCafe.Tmf641.Input;

/// <summary>How the API reads a JSON request body and its text fields, with the TMF error naming what is wrong.</summary>
internal static class JsonBody
{
    /// <summary>The body as a JSON object, or the 400 that says it is not JSON or not <paramref name="expected"/> (e.g. "a CancelServiceOrder_Create JSON object").</summary>
    public static (JsonElement Root, Tmf641Problem? Problem) ReadObject(ReadOnlyMemory<byte> body, string expected)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (default, new Tmf641Problem(400, "INVALID_BODY", "The body is not JSON.", $"The body must be {expected} ({ex.Message})."));
        }

        return root.ValueKind == JsonValueKind.Object
            ? (root, null)
            : (default, Tmf641Problem.BadRequest("body", $"The body must be {expected}."));
    }

    /// <summary>A string field: absent or null is no value; another JSON type, or text that is not valid UTF-8, is a 400 naming it.</summary>
    public static bool TryText(JsonElement root, string name, out string? value, out Tmf641Problem? problem)
    {
        (value, problem) = (null, null);
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = Tmf641Problem.BadRequest(name, $"{name} must be a string.");
            return false;
        }

        try
        {
            value = element.GetString();
        }
        catch (InvalidOperationException)
        {
            problem = Tmf641Problem.BadRequest(name, $"{name} is not valid UTF-8 text.");
            return false;
        }

        return true;
    }
}
