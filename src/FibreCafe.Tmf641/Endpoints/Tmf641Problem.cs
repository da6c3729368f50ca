using System.Globalization;
using System.Text.Json.Nodes;
using FibreCafe.Tmf641.Resources;

namespace FibreCafe.Tmf641.Endpoints;

/// <summary>
/// An answer in TMF's <c>Error</c> shape: <c>code</c> (for programs), <c>reason</c> (for people), <c>message</c> (the
/// detail, naming the field), <c>status</c> (the HTTP status, as text).
/// </summary>
internal sealed record Tmf641Problem(int Status, string Code, string Reason, string? Message = null)
{
    public static Tmf641Problem BadRequest(string field, string message) => new(400, "INVALID_FIELD", $"Invalid {field}.", message) { Field = field };

    public static Tmf641Problem NotFound(string what) => new(404, "NOT_FOUND", $"No {what} with this id.");

    public static Tmf641Problem Unavailable() =>
        new(503, "STORE_UNAVAILABLE", "The service cannot reach its store; nothing was done.", "Try again later; a request that was answered 503 was not stored.");

    /// <summary>Gets the field the problem is about, when there is one.</summary>
    public string? Field { get; init; }

    public JsonObject ToJson() => new JsonObject { ["code"] = Code, ["reason"] = Reason }
        .Put("message", Message)
        .Put("status", Status.ToString(CultureInfo.InvariantCulture))
        .Put("@type", "Error");
}
