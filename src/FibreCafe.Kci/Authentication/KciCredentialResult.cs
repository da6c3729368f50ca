using System.Security.Claims;
using FibreCafe.Client;
using FibreCafe.Kci.Endpoint;

namespace FibreCafe.Kci;

/// <summary>
/// Whether a delivery's credentials may deliver KCIs, from <see cref="KciCredentialValidator"/>: allowed, 401 (not
/// authenticated) or 403 (authenticated, not permitted), with what <c>POST /kcis</c> answers and logs.
/// </summary>
public sealed class KciCredentialResult
{
    private KciCredentialResult(int? statusCode, ClaimsPrincipal? principal, string? scheme, string message, string? detail, IReadOnlyList<string> challenges)
    {
        StatusCode = statusCode;
        Principal = principal;
        Scheme = scheme;
        Message = message;
        Detail = detail;
        Challenges = challenges;
    }

    /// <summary>Gets a value indicating whether the delivery may go on to <see cref="KciParser"/>.</summary>
    public bool IsAllowed => StatusCode is null;

    /// <summary>Gets the status of a refusal, 401 or 403; <see langword="null"/> when allowed.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the authenticated caller, when allowed (<see langword="null"/> for an anonymous delivery in Development).</summary>
    public ClaimsPrincipal? Principal { get; }

    /// <summary>Gets the scheme that accepted (or, for a 403, authenticated) the caller, e.g. <c>FibreCafeKci.Basic</c>; during a rotation it tells when an old credential can go.</summary>
    public string? Scheme { get; }

    /// <summary>Gets what a refusal says to the caller (no detail an attacker could use); empty when allowed.</summary>
    public string Message { get; }

    /// <summary>Gets why the schemes refused, for the log (never a credential).</summary>
    public string? Detail { get; }

    /// <summary>Gets the <c>WWW-Authenticate</c> values to send with a 401, one per configured scheme that has one.</summary>
    public IReadOnlyList<string> Challenges { get; }

    /// <summary>Gets the refusal as the gateway's error body: <c>NOT_AUTHORISED</c> with <see cref="Message"/> and a new uuid.</summary>
    /// <returns>The error body.</returns>
    /// <exception cref="InvalidOperationException">The delivery was allowed.</exception>
    public GatewayError ToGatewayError() => IsAllowed
        ? throw new InvalidOperationException("An allowed delivery has no error.")
        : GatewayErrorResponse.New(GatewayErrorCode.NotAuthorised, [Message]);

    internal static KciCredentialResult Allow(ClaimsPrincipal? principal, string scheme) => new(null, principal, scheme, string.Empty, null, []);

    internal static KciCredentialResult Unauthorized(string message, string? detail, IReadOnlyList<string> challenges) =>
        new(401, null, null, message, detail, challenges);

    internal static KciCredentialResult Forbidden(string scheme, string message) => new(403, null, scheme, message, message, []);
}
