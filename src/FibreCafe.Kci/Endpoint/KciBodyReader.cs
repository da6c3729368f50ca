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
    /// <exception cref="BadHttpRequestException">
    /// The server gave up on the body for a fault of the client (it arrived too slowly, or ended before its
    /// <c>Content-Length</c>); its <see cref="BadHttpRequestException.StatusCode"/> says which. The server's own
    /// size limit (Kestrel's <c>MaxRequestBodySize</c>) is not thrown but answered as too large, like our cap.
    /// </exception>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // The server's own limit (Kestrel: 30 MB) must not undercut the configured one. Kestrel counts the framing of
        // a chunked body (each chunk's size line) against it, so a chunked body gets room for that: our own check below
        // is what holds the data to the cap, while Kestrel's still ends an endless body soon after we stop reading it.
        // Should Kestrel's fire first all the same (tiny chunks), it is the same answer, caught below.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = request.ContentLength is null ? 2 * maxBytes : maxBytes;
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
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length);
    }
}
