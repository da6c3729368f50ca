using System.Text.Json.Nodes;

namespace FibreCafe.Samples;

/// <summary>
/// On the sandbox only: a TMF641 listener inside the sample, so that a curl session can register
/// <c>http://127.0.0.1:5090/demo-listener</c> on the hub and watch the events arrive, one JSON line each on stdout:
/// <c>{"listener":"/demo-listener/listener/cancelServiceOrderStateChangeEvent","eventId":…,"eventType":…,"state":…}</c>.
/// </summary>
internal static class DemoListener
{
    public const string Path = "/demo-listener";

    private static readonly Lock Gate = new();

    public static void Map(WebApplication app) => app.MapPost(Path + "/{**rest}", async (HttpContext context) =>
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        var resource = body?["event"] is JsonObject payload ? payload.FirstOrDefault().Value : null;
        var line = new JsonObject
        {
            ["listener"] = context.Request.Path.Value,
            ["eventId"] = body?["eventId"]?.DeepClone(),
            ["eventType"] = body?["eventType"]?.DeepClone(),
            ["id"] = resource?["id"]?.DeepClone(),
            ["state"] = resource?["state"]?.DeepClone(),
        };
        lock (Gate)
        {
            Console.Out.WriteLine(line.ToJsonString());
        }

        return Results.StatusCode(StatusCodes.Status201Created);
    });
}
