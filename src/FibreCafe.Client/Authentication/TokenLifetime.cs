using System.Globalization;
using System.Text.Json;

namespace FibreCafe.Client.Authentication;

/// <summary>
/// How long an issued token is cached, from its <c>expires_in</c>: absent means the gateway's documented
/// <see cref="FibreCafeClientOptions.DefaultTokenLifetimeSeconds"/>; zero, negative or not a number means the token
/// is not cached (it serves the callers waiting for it, and the next call asks again); anything longer than
/// <see cref="FibreCafeClientOptions.MaxTokenLifetime"/> is cut to it.
/// </summary>
internal readonly record struct TokenLifetime(TimeSpan Lifetime, bool Cacheable, bool Capped, string ExpiresIn)
{
    private const string ExpiresInProperty = "expires_in";

    public static TokenLifetime Of(JsonElement? json, TimeSpan maxLifetime)
    {
        if (json is not { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty(ExpiresInProperty, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return Bounded(FibreCafeClientOptions.DefaultTokenLifetimeSeconds, maxLifetime, "absent");
        }

        // RFC 6749 makes it a number; some servers send it as a string of digits.
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds)
            ? Bounded(seconds, maxLifetime, text!)
            : new TokenLifetime(TimeSpan.Zero, Cacheable: false, Capped: false, Truncated(text));
    }

    private static TokenLifetime Bounded(double seconds, TimeSpan maxLifetime, string expiresIn) =>
        seconds >= maxLifetime.TotalSeconds
            ? new TokenLifetime(maxLifetime, Cacheable: true, Capped: seconds > maxLifetime.TotalSeconds, expiresIn)
            : new TokenLifetime(TimeSpan.FromSeconds(seconds), Cacheable: true, Capped: false, expiresIn);

    // The value is logged: keep a hostile answer from filling the log.
    private static string Truncated(string? text) => text is null ? "(none)" : text.Length > 32 ? text[..32] + "…" : text;
}
