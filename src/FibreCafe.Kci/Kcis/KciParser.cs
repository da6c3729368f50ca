using System.Text;
using FibreCafe.Kci.Kcis;

namespace FibreCafe.Kci;

/// <summary>
/// Parses and validates a KCI body without ASP.NET Core, exactly as <c>MapFibreCafeKcis</c> does (it calls this):
/// for a host on Azure Functions, a queue consumer or another web framework. Check the delivery's credentials
/// first with <see cref="KciCredentialValidator"/>, then parse, store the KCI durably, and only then acknowledge it.
/// </summary>
/// <example>
/// <code>
/// var result = KciParser.Parse(body);
/// if (!result.IsValid)
/// {
///     return Refuse(result.StatusCode, result.ToGatewayError()); // e.g. 422 {uuid, code, messages}
/// }
/// await store.SaveAsync(result.Envelope!.Id, body); // then 204
/// </code>
/// </example>
public static class KciParser
{
    /// <summary>
    /// Parses a KCI body: UTF-8 JSON, one object (else 400), no property name given twice in an object, every
    /// required field present and every value of its type (else 422, each message naming its field), at most
    /// <paramref name="maxBodyBytes"/> bytes (else 413). Unknown fields and values are kept.
    /// </summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="maxBodyBytes">The largest body accepted, as the receiver's <c>MaxBodyBytes</c>.</param>
    /// <returns>The envelope, or what the endpoint would answer.</returns>
    public static KciParseResult Parse(ReadOnlyMemory<byte> body, long maxBodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBodyBytes, 1);
        return body.Length > maxBodyBytes ? KciParseResult.TooLarge(maxBodyBytes) : KciReader.Read(body);
    }

    /// <summary>Parses a KCI body of at most <see cref="FibreCafeKciOptions.DefaultMaxBodyBytes"/> (1 MiB); see <see cref="Parse(ReadOnlyMemory{byte}, long)"/>.</summary>
    /// <param name="body">The request body as received.</param>
    /// <returns>The envelope, or what the endpoint would answer.</returns>
    public static KciParseResult Parse(ReadOnlyMemory<byte> body) => Parse(body, FibreCafeKciOptions.DefaultMaxBodyBytes);

    /// <summary>Parses a KCI body given as text, of at most <see cref="FibreCafeKciOptions.DefaultMaxBodyBytes"/> UTF-8 bytes; see <see cref="Parse(ReadOnlyMemory{byte}, long)"/>.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The envelope, or what the endpoint would answer.</returns>
    public static KciParseResult Parse(string body) => Parse(body, FibreCafeKciOptions.DefaultMaxBodyBytes);

    /// <summary>Parses a KCI body given as text; see <see cref="Parse(ReadOnlyMemory{byte}, long)"/>. The limit applies to its UTF-8 bytes.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="maxBodyBytes">The largest body accepted, in UTF-8 bytes.</param>
    /// <returns>The envelope, or what the endpoint would answer.</returns>
    public static KciParseResult Parse(string body, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(Encoding.UTF8.GetBytes(body), maxBodyBytes);
    }
}
