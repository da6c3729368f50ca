using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using FibreCafe.Kci.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci;

/// <summary>
/// Checks a KCI delivery's credentials against <c>Authentication:*</c> exactly as <c>MapFibreCafeKcis</c> does (it
/// calls this), without ASP.NET Core's request pipeline: for a host on Azure Functions, a queue consumer or another
/// web framework. Every configured mode is tried (certificate, bearer, Basic) and the first that accepts wins; a
/// bearer token without the required scopes is a 403; anonymous access is honoured only in Development. Resolve it
/// from the services of <c>AddFibreCafeKciReceiver</c>; it is a thread-safe singleton. Without a request, the events of
/// the bearer scheme (<c>JwtBearerOptions.Events</c>) do not run: a host that refuses tokens in <c>OnTokenValidated</c>
/// repeats that check after this one.
/// </summary>
public sealed class KciCredentialValidator
{
    private readonly IOptionsMonitor<FibreCafeKciOptions> _options;
    private readonly BasicCredentialHashes _basicPairs;
    private readonly BearerTokenCheck _bearer;
    private readonly TimeProvider _timeProvider;
    private readonly bool _development;

    internal KciCredentialValidator(
        IOptionsMonitor<FibreCafeKciOptions> options,
        BasicCredentialHashes basicPairs,
        BearerTokenCheck bearer,
        TimeProvider timeProvider,
        IHostEnvironment? environment)
    {
        _options = options;
        _basicPairs = basicPairs;
        _bearer = bearer;
        _timeProvider = timeProvider;
        _development = environment?.IsDevelopment() == true;
    }

    /// <summary>Gets a value indicating whether a client certificate is looked at, so a host asks the connection for one only then.</summary>
    public bool UsesClientCertificates => _options.CurrentValue.Authentication.Certificate.IsConfigured;

    /// <summary>Checks the credentials of one delivery.</summary>
    /// <param name="authorization">The request's <c>Authorization</c> header (<c>Basic …</c> or <c>Bearer …</c>), if any.</param>
    /// <param name="clientCertificate">The client certificate of the connection (or forwarded by a proxy), if any.</param>
    /// <param name="cancellationToken">Cancels the check (e.g. the fetch of the token authority's keys).</param>
    /// <returns>Allowed, or the 401/403 to answer.</returns>
    /// <exception cref="InvalidOperationException">
    /// The token authority's keys could not be fetched: a failure on the receiver's side, to answer with 503 so the
    /// gateway delivers again, not a refusal of the credentials.
    /// </exception>
    public Task<KciCredentialResult> ValidateAsync(string? authorization, X509Certificate2? clientCertificate = null, CancellationToken cancellationToken = default) =>
        ValidateAsync(authorization, clientCertificate, null, cancellationToken);

    /// <summary>The endpoint's form: with the request, the bearer scheme's own handler and its events run.</summary>
    internal async Task<KciCredentialResult> ValidateAsync(string? authorization, X509Certificate2? clientCertificate, HttpContext? context, CancellationToken cancellationToken)
    {
        var settings = _options.CurrentValue.Authentication;
        if (settings.AllowAnonymous && _development)
        {
            return KciCredentialResult.Allow(null, "Anonymous");
        }

        var failures = new List<string>();
        if (settings.Certificate.IsConfigured
            && Accepted(CertificateCheck.Check(clientCertificate, settings.Certificate, _timeProvider), KciAuthenticationSchemes.Certificate, failures) is { } byCertificate)
        {
            return byCertificate;
        }

        if (settings.Bearer.IsConfigured
            && Accepted(
                await (context is null ? _bearer.CheckAsync(authorization, cancellationToken) : _bearer.CheckAsync(context)).ConfigureAwait(false),
                KciAuthenticationSchemes.Bearer,
                failures) is { } byToken)
        {
            return MissingScopes(byToken.Principal, settings.Bearer) is { Count: > 0 } missing
                ? KciCredentialResult.Forbidden(KciAuthenticationSchemes.Bearer, $"The access token lacks the scope(s) {string.Join(' ', missing)}.")
                : byToken;
        }

        if (settings.Basic.IsConfigured
            && Accepted(BasicCredentialCheck.Check(authorization, _basicPairs.Current), KciAuthenticationSchemes.Basic, failures) is { } byPassword)
        {
            return byPassword;
        }

        return failures.Count > 0
            ? KciCredentialResult.Unauthorized("The credentials were not accepted.", string.Join(" ", failures), Challenges(settings))
            : KciCredentialResult.Unauthorized("Authentication is required.", "No credentials were presented.", Challenges(settings));
    }

    private static KciCredentialResult? Accepted(SchemeCheck check, string scheme, List<string> failures)
    {
        if (check.Failure is { } failure)
        {
            failures.Add(failure);
        }

        return check.Succeeded ? KciCredentialResult.Allow(check.Principal, scheme) : null;
    }

    private static List<string> Challenges(KciAuthenticationOptions settings)
    {
        var challenges = new List<string>(2);
        if (settings.Bearer.IsConfigured)
        {
            challenges.Add("Bearer");
        }

        if (settings.Basic.IsConfigured)
        {
            challenges.Add($"Basic realm=\"{settings.Basic.Realm}\", charset=\"UTF-8\"");
        }

        return challenges;
    }

    private static List<string> MissingScopes(ClaimsPrincipal? principal, KciBearerAuthenticationOptions bearer)
    {
        var granted = (principal?.FindAll("scope") ?? []).Concat(principal?.FindAll("scp") ?? [])
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        return bearer.RequiredScopes.Where(s => !granted.Contains(s)).ToList();
    }
}
