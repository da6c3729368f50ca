namespace FibreCafe.Client.Authentication;

/// <summary>An issued access token. <see cref="ToString"/> never shows the token itself.</summary>
internal sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"AccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
