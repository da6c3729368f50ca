using System.Net.Http.Headers;

namespace FibreCafe.Client.Resilience;

/// <summary>Reads <c>Retry-After</c> in both of its forms: delta-seconds and HTTP-date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Of(HttpResponseHeaders? headers, TimeProvider timeProvider) =>
        headers?.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
}
