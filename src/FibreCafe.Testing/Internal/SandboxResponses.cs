using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace FibreCafe.Testing.Internal;

/// <summary>Answers in the gateway's shapes.</summary>
internal static class SandboxResponses
{
    public static ResponseMessage Json(int status, JsonNode body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
    };

    /// <summary>The gateway's error body <c>{uuid, code, messages}</c>.</summary>
    public static ResponseMessage Error(int status, string code, string message) =>
        Json(status, new JsonObject
        {
            ["uuid"] = Guid.NewGuid().ToString("D"),
            ["code"] = code,
            ["messages"] = new JsonArray(message),
        });

    /// <summary>A status without body, as the gateway answers 503.</summary>
    public static ResponseMessage Empty(int status) => new() { StatusCode = status };

    public static ResponseMessage OAuthError(string error, string description) =>
        Json(400, new JsonObject { ["error"] = error, ["error_description"] = description });
}
