namespace FibreCafe.Client.Http;

/// <summary>
/// Reads a response body into memory under a byte limit and the token of the timeout in force. Whatever reads the
/// body afterwards (Refit, the error reader, Duende's token parser) reads memory, never the network: so the timeouts
/// cover the body, and a body above its limit is never held.
/// </summary>
internal static class ResponseBodyBuffer
{
    private const int FirstChunkBytes = 4 * 1024;

    /// <summary>
    /// Reads the whole body into the content's own buffer when it is at most <paramref name="maxBytes"/>. Returns
    /// <see langword="false"/>, with the body not (or not fully) read, when it is larger: declared so by its
    /// <c>Content-Length</c>, or found so while reading. The content stays the same object, so nothing is copied.
    /// </summary>
    public static async Task<bool> TryBufferAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content.Headers.ContentLength > maxBytes)
        {
            return false;
        }

        try
        {
#if NET9_0_OR_GREATER
            await content.LoadIntoBufferAsync(maxBytes, cancellationToken).ConfigureAwait(false);
#else
            // No token overload before .NET 9: ending the response ends the read.
            using (cancellationToken.UnsafeRegister(static r => ((HttpResponseMessage)r!).Dispose(), response))
            {
                await content.LoadIntoBufferAsync(maxBytes).ConfigureAwait(false);
            }

            // The token may have fired (and disposed the response) just as the body completed.
            cancellationToken.ThrowIfCancellationRequested();
#endif
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            return false;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The body did not arrive in time.", ex, cancellationToken);
        }

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
        var read = await ReadAsync(response.Content, maxBytes, callerToken, cancellationToken).ConfigureAwait(false);
        Replace(response, read);
    }

    /// <summary>
    /// The read loop. Stops at the end of the body, at <paramref name="maxBytes"/>, or at a failure while
    /// <paramref name="keepOnFailure"/> has not fired.
    /// </summary>
    private static async Task<Chunk> ReadAsync(HttpContent content, int maxBytes, CancellationToken keepOnFailure, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
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

            return new Chunk(buffer, length);
        }
        catch (Exception ex) when (!keepOnFailure.IsCancellationRequested
            && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            return new Chunk(buffer, length);
        }
    }

    private static void Replace(HttpResponseMessage response, Chunk read)
    {
        var original = response.Content;
        var buffered = new ByteArrayContent(read.Buffer, 0, read.Length);
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
