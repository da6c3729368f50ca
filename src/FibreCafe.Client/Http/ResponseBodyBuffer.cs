namespace FibreCafe.Client.Http;

/// <summary>
/// Reads a response body into memory under a byte limit and the token of the timeout in force, then puts it back as
/// the response's content. Whatever reads the body afterwards (Refit, the error reader, Duende's token parser) reads
/// memory, never the network: so the timeouts cover the body, and a body above its limit is never held.
/// </summary>
internal static class ResponseBodyBuffer
{
    private const int FirstChunkBytes = 4 * 1024;

    /// <summary>
    /// Reads the whole body when it is at most <paramref name="maxBytes"/>. Returns <see langword="false"/>, with the
    /// body not (or not fully) read, when it is larger: declared so by its <c>Content-Length</c>, or found so while reading.
    /// </summary>
    public static async Task<bool> TryBufferAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            return false;
        }

        var read = await ReadAsync(response.Content, maxBytes, declared, probeBeyondLimit: true, keepOnFailure: null, cancellationToken).ConfigureAwait(false);
        if (read.Length > maxBytes)
        {
            return false;
        }

        Replace(response, read);
        return true;
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> of the body and drops the rest unread (an error answer is kept for its
    /// first bytes, not refused). When reading fails, or the token fires while <paramref name="callerToken"/> has not
    /// (a timeout, not the caller giving up), what arrived so far is kept: the status is still the answer.
    /// </summary>
    public static async Task BufferPrefixAsync(
        HttpResponseMessage response, int maxBytes, CancellationToken callerToken, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(response.Content, maxBytes, response.Content.Headers.ContentLength, probeBeyondLimit: false,
            keepOnFailure: callerToken, cancellationToken).ConfigureAwait(false);
        Replace(response, read);
    }

    /// <summary>
    /// The read loop. Stops at the end of the body, at <paramref name="maxBytes"/> (with
    /// <paramref name="probeBeyondLimit"/>, one byte more is read to tell "exactly the limit" from "more": a length
    /// above the limit means the body is too large), or, when <paramref name="keepOnFailure"/> is given, at a failure.
    /// </summary>
    private static async Task<Chunk> ReadAsync(
        HttpContent content, int maxBytes, long? declared, bool probeBeyondLimit, CancellationToken? keepOnFailure, CancellationToken cancellationToken)
    {
        var buffer = new byte[declared is { } known ? (int)Math.Min(known, maxBytes) : Math.Min(FirstChunkBytes, maxBytes)];
        var length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (length < maxBytes)
            {
                // With a Content-Length the connection delivers no more than declared: no read past it is needed.
                if (length == declared)
                {
                    return new Chunk(buffer, length);
                }

                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes));
                }

                var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return new Chunk(buffer, length);
                }

                length += n;
            }

            if (probeBeyondLimit && length != declared)
            {
                var probe = new byte[1];
                if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
                {
                    return new Chunk(buffer, length + 1);
                }
            }

            return new Chunk(buffer, length);
        }
        catch (Exception ex) when (keepOnFailure is { } caller && !caller.IsCancellationRequested
            && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            return new Chunk(buffer, length);
        }
    }

    private static void Replace(HttpResponseMessage response, Chunk read)
    {
        var original = response.Content;
        var buffered = new ByteArrayContent(read.Buffer, 0, Math.Min(read.Length, read.Buffer.Length));
        foreach (var header in original.Headers.NonValidated)
        {
            // The buffered content states its own length, which differs from the declared one when the body was cut.
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = buffered;
        original.Dispose();
    }

    private readonly record struct Chunk(byte[] Buffer, int Length);
}
