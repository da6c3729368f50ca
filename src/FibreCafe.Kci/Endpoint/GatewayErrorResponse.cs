using System.Text.Json;
using FibreCafe.Client;
using FibreCafe.Kci.Serialization;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Kci.Endpoint;

/// <summary>Writes an error the way the gateway writes its own: <c>{"uuid", "code", "messages"}</c>.</summary>
internal static class GatewayErrorResponse
{
    /// <returns>The error's uuid, to log next to the failure so support can find it.</returns>
    public static async Task<string> WriteAsync(HttpContext context, int statusCode, GatewayErrorCode code, IReadOnlyList<string> messages)
    {
        var error = New(code, messages);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, error, KciJsonContext.Default.GatewayError, context.RequestAborted).ConfigureAwait(false);
        return error.Uuid!;
    }

    /// <summary>An error body with a new uuid, the one shape every refusal of a delivery takes (here and in the parse and credential results).</summary>
    public static GatewayError New(GatewayErrorCode? code, IReadOnlyList<string> messages) =>
        new() { Uuid = Guid.NewGuid().ToString("D"), Code = code, Messages = messages };
}
