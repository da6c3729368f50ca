using System.Text.Json;
using FibreCafe.Client.Serialization;

namespace FibreCafe.Client.Errors;

/// <summary>Reads the gateway's <c>{uuid, code, messages}</c> body without ever throwing on bad input.</summary>
internal static class GatewayErrorReader
{
    public static async Task<(GatewayError? Error, string? Body)> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            // Buffers the content, so Refit can still read it afterwards.
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            return (null, null);
        }

        return (TryParse(body), FibreCafeApiException.Truncate(body));
    }

    public static GatewayError? TryParse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var error = JsonSerializer.Deserialize(body, FibreCafeJsonContext.Default.GatewayError);
            return error is null || (error.Uuid is null && error.Code is null && error.Messages.Count == 0) ? null : error;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
