using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FibreCafe.Kci.Endpoint;

/// <summary>
/// Reads a request body up to a cap. A declared <c>Content-Length</c> above the cap is refused before
/// reading; otherwise reading stops as soon as the cap is passed, so an oversized body is never buffered.
/// </summary>
internal static class KciBodyReader
{
    private const int ChunkBytes = 16 * 1024;

    /// <returns>The body, or <see langword="null"/> when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // The server's own limit (Kestrel: 30 MB) must not undercut the configured one.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        using var body = new MemoryStream((int)Math.Min(request.ContentLength ?? ChunkBytes, maxBytes));
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length);
    }
}
