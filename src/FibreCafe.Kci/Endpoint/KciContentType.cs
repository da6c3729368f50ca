using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FibreCafe.Kci.Endpoint;

/// <summary>
/// Which <c>Content-Type</c> a KCI may have: JSON (<c>application/json</c> or <c>application/*+json</c>, any
/// parameters, e.g. a charset), or none at all. The gateway documents JSON bodies but its deliveries have not been
/// seen on the wire, so a missing header is accepted rather than risk refusing every KCI; the body is parsed as
/// JSON either way.
/// </summary>
internal static class KciContentType
{
    public static bool IsAccepted(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.Type.Equals("application", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var subType = media.SubTypeWithoutSuffix;
        return subType.Equals("json", StringComparison.OrdinalIgnoreCase)
            || (media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) && !StringSegment.IsNullOrEmpty(subType));
    }
}
