using Microsoft.AspNetCore.Http;

namespace FibreCafe.Tmf641.Endpoints;

/// <summary>Reads a JSON request body up to a limit: 415 for another media type, 413 above the limit, never more read than allowed.</summary>
internal static class Tmf641Body
{
    public static async Task<(ReadOnlyMemory<byte> Body, Tmf641Problem? Problem)> ReadAsync(HttpContext context, int limit)
    {
        if (!IsJson(context.Request.ContentType))
        {
            return (default, new Tmf641Problem(415, "UNSUPPORTED_MEDIA_TYPE", "The body must be JSON.", "Send Content-Type: application/json;charset=utf-8."));
        }

        if (context.Request.ContentLength > limit)
        {
            return (default, TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (default, TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            // A body shorter than its Content-Length, broken chunking: the caller's fault, never the store's.
            return (default, new Tmf641Problem(400, "INVALID_BODY", "The body could not be read.", ex.Message));
        }

        return (buffer.ToArray(), null);
    }

    private static Tmf641Problem TooLarge(int limit) =>
        new(413, "BODY_TOO_LARGE", "The body is too large.", $"A CancelServiceOrder_Create is at most {limit} bytes here (FibreCafe:Tmf641:MaxRequestBodyBytes).");

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? string.Empty;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
