using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Client.Authentication;

/// <summary>
/// Caches access tokens per <see cref="TokenCacheKey"/> with single flight: however many callers find the
/// cache empty or expired at once, one token request is made and all of them await it. A failed request
/// is never cached, nor a token issued as not cacheable. A token counts as expired <c>margin</c> before its end; within <c>refreshAhead</c> of
/// that, callers keep the current token while one background request renews it.
/// </summary>
internal sealed class AccessTokenCache(TimeProvider timeProvider, ILogger<AccessTokenCache> logger)
{
    private readonly ConcurrentDictionary<TokenCacheKey, Slot> _slots = new();

    public Task<AccessToken> GetAsync(TokenCacheKey key, TokenCachePolicy policy, Func<Task<AccessToken>> fetch, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        lock (slot)
        {
            var now = timeProvider.GetUtcNow();
            if (slot.Token is { } token && now < token.ExpiresAt - policy.ExpiryMargin)
            {
                if (slot.Pending is null && policy.RefreshAhead > TimeSpan.Zero
                    && now >= token.ExpiresAt - policy.ExpiryMargin - policy.RefreshAhead)
                {
                    RefreshInBackground(slot, fetch, key);
                }

                // One completed task per token instead of one per call.
                return slot.TokenTask is { } cached && ReferenceEquals(cached.Result, token)
                    ? cached
                    : slot.TokenTask = Task.FromResult(token);
            }

            // Callers wait with their own token; the shared request goes on for the others.
            return (slot.Pending ?? Start(slot, fetch)).WaitAsync(cancellationToken);
        }
    }

    /// <summary>Drops <paramref name="rejected"/> after the gateway refused it, unless a newer token already replaced it.</summary>
    public void Invalidate(TokenCacheKey key, string rejected)
    {
        if (_slots.TryGetValue(key, out var slot))
        {
            lock (slot)
            {
                if (slot.Token?.Value == rejected)
                {
                    slot.Token = null;
                }
            }
        }
    }

    // A method of its own: a lambda in GetAsync that captured its parameters would allocate a closure on every call.
    private void RefreshInBackground(Slot slot, Func<Task<AccessToken>> fetch, TokenCacheKey key) =>
        _ = Start(slot, fetch).ContinueWith(
            t => Log.TokenBackgroundRefreshFailed(logger, key.ClientId, t.Exception!.GetBaseException()),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static Task<AccessToken> Start(Slot slot, Func<Task<AccessToken>> fetch) => slot.Pending = FetchAsync(slot, fetch);

    private static async Task<AccessToken> FetchAsync(Slot slot, Func<Task<AccessToken>> fetch)
    {
        // Leave the caller's lock before the request runs, so Pending is set before it can complete.
        await Task.Yield();
        try
        {
            var token = await fetch().ConfigureAwait(false);
            lock (slot)
            {
                // A token that must not be cached serves the callers already waiting for it, and nobody else.
                slot.Token = token.Cacheable ? token : null;
                slot.Pending = null;
            }

            return token;
        }
        catch
        {
            lock (slot)
            {
                slot.Pending = null;
            }

            throw;
        }
    }

    private sealed class Slot
    {
        public AccessToken? Token { get; set; }

        public Task<AccessToken>? Pending { get; set; }

        /// <summary>Gets or sets a completed task of <see cref="Token"/>, handed to every caller that finds it valid.</summary>
        public Task<AccessToken>? TokenTask { get; set; }
    }
}

/// <summary>When a cached token counts as expired, and how early it is renewed in the background.</summary>
internal readonly record struct TokenCachePolicy(TimeSpan ExpiryMargin, TimeSpan RefreshAhead);
