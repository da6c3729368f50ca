using Microsoft.AspNetCore.Http;

namespace FibreCafe.Kci.Endpoint;

/// <summary>
/// Reads the gateway's correlation headers for logs and the inbox. They are the gateway's, not
/// trusted input: control characters are dropped and the length is capped, so a header cannot forge
/// log lines or bloat the store. A missing header is tolerated: losing a KCI over tracing would be worse.
/// </summary>
internal static class KciHeaders
{
    public const int MaxLength = 128;

    public static string? Read(HttpRequest request, string name)
    {
        var value = request.Headers[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        // The usual case, a plain UUID, is returned as it is.
        if (value.Length <= MaxLength && !HasControlCharacter(value))
        {
            return value;
        }

        var clean = Clean(value);
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>A header value fit for a log line or an error message: no control characters, at most <see cref="MaxLength"/> characters.</summary>
    public static string Clean(string value) => new(value.Where(c => !char.IsControl(c)).Take(MaxLength).ToArray());

    private static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
