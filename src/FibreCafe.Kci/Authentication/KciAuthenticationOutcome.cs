using System.Security.Claims;

namespace FibreCafe.Kci.Authentication;

/// <summary>Whether a request may deliver KCIs: allowed, 401 (not authenticated) or 403 (authenticated, not permitted).</summary>
/// <param name="StatusCode">0 when allowed, else 401 or 403.</param>
/// <param name="Principal">The authenticated caller.</param>
/// <param name="Scheme">The scheme that authenticated it.</param>
/// <param name="Message">What the response says.</param>
/// <param name="Detail">Why the schemes refused, for the log (never a credential).</param>
internal sealed record KciAuthenticationOutcome(int StatusCode, ClaimsPrincipal? Principal, string? Scheme, string Message, string? Detail = null)
{
    public bool Allowed => StatusCode == 0;

    public static KciAuthenticationOutcome Allow(ClaimsPrincipal? principal, string scheme) => new(0, principal, scheme, string.Empty);

    public static KciAuthenticationOutcome Unauthorized(string message, string? detail) => new(401, null, null, message, detail);

    public static KciAuthenticationOutcome Forbidden(string scheme, string message) => new(403, null, scheme, message);
}
