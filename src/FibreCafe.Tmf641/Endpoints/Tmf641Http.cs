using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Endpoints;

/// <summary>Writes answers as the specification serves them: <see cref="Tmf641Constants.MediaType"/>, paging headers, TMF errors.</summary>
internal static class Tmf641Http
{
    /// <summary>The API's options as they are now (they may be reloaded).</summary>
    public static Tmf641Options OptionsOf(HttpContext context) => context.RequestServices.GetRequiredService<IOptionsMonitor<Tmf641Options>>().CurrentValue;

    public static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = Tmf641Constants.MediaType;
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, Tmf641Problem problem) => WriteAsync(context, problem.Status, problem.ToJson());

    /// <summary>A page: 200 when it holds every match, 206 when there are more (TMF630), with <c>X-Total-Count</c> and <c>X-Result-Count</c>.</summary>
    public static Task WritePageAsync(HttpContext context, JsonArray items, int total)
    {
        context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Result-Count"] = items.Count.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, items.Count < total ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK, items);
    }

    public static RequestDelegate MethodNotAllowed(string allow, string reason) => context =>
    {
        context.Response.Headers.Allow = allow;
        return WriteAsync(context, new Tmf641Problem(405, "METHOD_NOT_ALLOWED", reason, $"{context.Request.Method} is not served here; allowed: {allow}."));
    };
}
