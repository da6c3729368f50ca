namespace FibreCafe.Kci.Authentication;

/// <summary>Reads a configured certificate thumbprint: hex, with any case, spaces or colons.</summary>
internal static class Thumbprint
{
    public static byte[] Parse(string? value)
    {
        var hex = new string((value ?? string.Empty).Where(Uri.IsHexDigit).ToArray());
        return IsValid(value) ? Convert.FromHexString(hex) : [];
    }

    /// <summary>Whether the value is a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint.</summary>
    public static bool IsValid(string? value)
    {
        var digits = (value ?? string.Empty).Where(c => c is not (' ' or ':')).ToArray();
        return digits.All(Uri.IsHexDigit) && digits.Length is 40 or 64;
    }
}
