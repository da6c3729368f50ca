namespace FibreCafe.Client.Authentication;

/// <summary>An issued access token. <see cref="ToString"/> never shows the token itself.</summary>
/// <param name="Value">The token.</param>
/// <param name="ExpiresAt">When its lifetime ends.</param>
/// <param name="Cacheable">Whether it may be kept for later calls: not when its <c>expires_in</c> was zero or negative.</param>
internal sealed record AccessToken(string Value, DateTimeOffset ExpiresAt, bool Cacheable = true)
{
    /// <summary>
    /// Gets the <c>Authorization</c> header value, <c>Bearer {token}</c>, built once per token: set as a raw header
    /// value it goes on the wire as it is, where a typed header value is formatted into a new string on every send.
    /// </summary>
    public string AuthorizationHeaderValue { get; } = "Bearer " + Value;

    public override string ToString() => $"AccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
