using FibreCafe.Kci.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.DependencyInjection;

/// <summary>
/// Checks <see cref="FibreCafeKciOptions"/> when the host starts; each failure names its configuration key.
/// Secure by default: without an authentication mode the receiver does not start.
/// </summary>
internal sealed class FibreCafeKciOptionsValidator(string sectionPath, IHostEnvironment? environment) : IValidateOptions<FibreCafeKciOptions>
{
    public const long MaxBodyBytesLimit = 100 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, FibreCafeKciOptions options)
    {
        var failures = new List<string>();
        var p = sectionPath + ":";
        Require(failures, options.MaxBodyBytes is < 1 or > MaxBodyBytesLimit, $"{p}MaxBodyBytes must be 1 to {MaxBodyBytesLimit} (was {options.MaxBodyBytes}).");
        ValidateAuthentication(failures, p + "Authentication:", options.Authentication);
        ValidateDispatch(failures, p + "Dispatch:", options.Dispatch);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateAuthentication(List<string> failures, string p, KciAuthenticationOptions a)
    {
        var development = environment?.IsDevelopment() == true;
        Require(failures, a.AllowAnonymous && !development,
            $"{p}AllowAnonymous is honoured only when the host environment is Development (it is {environment?.EnvironmentName ?? "unknown"}); remove it.");
        Require(failures, !a.AllowAnonymous && !a.Basic.IsConfigured && !a.Bearer.IsConfigured && !a.Certificate.IsConfigured,
            $"{p} no authentication mode is configured: set Basic:Credentials (or Basic:Username and Basic:Password), Bearer:Audience with "
            + "Bearer:Authority or Bearer:SigningKeys, or Certificate:Thumbprints.");

        var pairs = a.Basic.GetAllCredentials().ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            // Index 0 is Username/Password when set; the rest are Credentials:n.
            var key = a.Basic.Username is not null || a.Basic.Password is not null
                ? (i == 0 ? $"{p}Basic:" : $"{p}Basic:Credentials:{i - 1}:")
                : $"{p}Basic:Credentials:{i}:";
            Require(failures, string.IsNullOrEmpty(pairs[i].Username) || pairs[i].Username!.Contains(':', StringComparison.Ordinal),
                $"{key}Username is required and must not contain ':'.");
            Require(failures, string.IsNullOrEmpty(pairs[i].Password), $"{key}Password is required.");
        }

        var bearer = a.Bearer;
        if (bearer.IsConfigured)
        {
            Require(failures, string.IsNullOrWhiteSpace(bearer.Audience), $"{p}Bearer:Audience is required.");
            Require(failures, bearer.Authority is null && bearer.SigningKeys.Count == 0, $"{p}Bearer:Authority or Bearer:SigningKeys is required.");
            Require(failures, bearer.Authority is not null && !(Uri.TryCreate(bearer.Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps),
                $"{p}Bearer:Authority must be an absolute https URI (was '{bearer.Authority}').");
            Require(failures, bearer.ClockSkew < TimeSpan.Zero || bearer.ClockSkew > TimeSpan.FromMinutes(10), $"{p}Bearer:ClockSkew must be 0 to 10 minutes.");
            for (var i = 0; i < bearer.SigningKeys.Count; i++)
            {
                if (SigningKeys.Problem(bearer.SigningKeys[i]) is { } problem)
                {
                    failures.Add($"{p}Bearer:SigningKeys:{i} {problem}.");
                }
            }
        }

        for (var i = 0; i < a.Certificate.Thumbprints.Count; i++)
        {
            Require(failures, !Thumbprint.IsValid(a.Certificate.Thumbprints[i]),
                $"{p}Certificate:Thumbprints:{i} must be a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint.");
        }
    }

    private static void ValidateDispatch(List<string> failures, string p, KciDispatchOptions d)
    {
        Require(failures, d.MaxAttempts is < 1 or > 100, $"{p}MaxAttempts must be 1 to 100 (was {d.MaxAttempts}).");
        Require(failures, d.BaseDelay < TimeSpan.Zero, $"{p}BaseDelay must not be negative.");
        Require(failures, d.MaxDelay < d.BaseDelay, $"{p}MaxDelay ({d.MaxDelay}) must not be below BaseDelay ({d.BaseDelay}).");
        Require(failures, d.BatchSize is < 1 or > 1000, $"{p}BatchSize must be 1 to 1000 (was {d.BatchSize}).");
        Require(failures, d.MaxConcurrency is < 1 or > 64, $"{p}MaxConcurrency must be 1 to 64 (was {d.MaxConcurrency}).");
        Require(failures, d.LeaseDuration < TimeSpan.FromSeconds(1), $"{p}LeaseDuration must be at least 1 second.");
        Require(failures, d.PollInterval < TimeSpan.FromMilliseconds(10), $"{p}PollInterval must be at least 10 ms.");
    }

    private static void Require(List<string> failures, bool failed, string message)
    {
        if (failed)
        {
            failures.Add(message);
        }
    }
}
