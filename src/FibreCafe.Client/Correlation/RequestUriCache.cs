using System.Collections.Concurrent;

namespace FibreCafe.Client.Correlation;

/// <summary>
/// Hands out one parsed <see cref="Uri"/> per request URL. Refit builds a new relative URI for every call and
/// HttpClient joins it to the base address, so each request arrives with a new, unparsed <see cref="Uri"/> that the
/// socket handler parses again (path, host: about 200 bytes and some CPU per call). The client calls a handful of
/// URLs, so the first instance of each is kept and reused: equal, immutable and safe to share between threads.
/// </summary>
internal sealed class RequestUriCache
{
    // Two operations and a token endpoint per gateway; the bound only guards against unexpected URL shapes.
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);

    /// <summary>Returns the kept instance equal to <paramref name="uri"/>, or <paramref name="uri"/> itself.</summary>
    public Uri? Reuse(Uri? uri)
    {
        if (uri is not { IsAbsoluteUri: true })
        {
            return uri;
        }

        if (_uris.TryGetValue(uri.OriginalString, out var kept))
        {
            return kept;
        }

        return _uris.Count < MaxEntries ? _uris.GetOrAdd(uri.OriginalString, uri) : uri;
    }
}
