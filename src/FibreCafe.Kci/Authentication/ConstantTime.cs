using System.Security.Cryptography;
using System.Text;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// Compares secrets in constant time: both sides are hashed to SHA-256 first, so the comparison never
/// depends on where they differ, nor on their lengths.
/// </summary>
internal static class ConstantTime
{
    public static byte[] Hash(string? value) => SHA256.HashData(Encoding.UTF8.GetBytes(value ?? string.Empty));

    public static bool Equals(byte[] leftHash, byte[] rightHash) => CryptographicOperations.FixedTimeEquals(leftHash, rightHash);
}
