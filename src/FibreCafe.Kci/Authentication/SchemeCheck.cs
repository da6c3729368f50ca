using System.Security.Claims;

namespace FibreCafe.Kci.Authentication;

/// <summary>What one scheme made of a delivery's credentials: not its kind (none), refused (a reason for the log), or accepted.</summary>
internal readonly record struct SchemeCheck(ClaimsPrincipal? Principal, string? Failure)
{
    public static SchemeCheck None => default;

    public bool Succeeded => Principal is not null;

    public static SchemeCheck Fail(string reason) => new(null, reason);

    public static SchemeCheck Success(string scheme, params Claim[] claims) =>
        new(new ClaimsPrincipal(new ClaimsIdentity(claims, scheme)), null);
}
