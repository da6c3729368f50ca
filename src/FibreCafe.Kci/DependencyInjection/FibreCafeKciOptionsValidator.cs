using FibreCafe.Kci.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static FibreCafe.Kci.DependencyInjection.KciReceiverConstants;

namespace FibreCafe.Kci.DependencyInjection;

/// <summary>
/// Checks <see cref="FibreCafeKciOptions"/> when the host starts; each failure names its configuration key under the
/// receiver's section path. Secure by default: without an authentication mode the receiver does not start.
/// </summary>
internal sealed class FibreCafeKciOptionsValidator(string sectionPath, IHostEnvironment? environment) : IValidateOptions<FibreCafeKciOptions>
{
    public ValidateOptionsResult Validate(string? name, FibreCafeKciOptions options)
    {
        var rules = new Rules(sectionPath);
        rules.Require(options.MaxBodyBytes is >= 1 and <= MaxBodyBytesLimit, "MaxBodyBytes", $"must be 1 to {MaxBodyBytesLimit} (was {options.MaxBodyBytes})");
        ValidateAuthentication(rules.Under("Authentication"), options.Authentication);
        ValidateDispatch(rules.Under("Dispatch"), options.Dispatch);
        return rules.Result();
    }

    private void ValidateAuthentication(Rules rules, KciAuthenticationOptions a)
    {
        var development = environment?.IsDevelopment() == true;
        rules.Require(!a.AllowAnonymous || development, "AllowAnonymous",
            $"is honoured only when the host environment is Development (it is {environment?.EnvironmentName ?? "unknown"}); remove it");
        rules.Require(a.AllowAnonymous || a.Basic.IsConfigured || a.Bearer.IsConfigured || a.Certificate.IsConfigured, string.Empty,
            " no authentication mode is configured: set Basic:Credentials (or Basic:Username and Basic:Password), Bearer:Audience with "
            + "Bearer:Authority or Bearer:SigningKeys, or Certificate:Thumbprints");

        var pairs = a.Basic.GetAllCredentials().ToList();
        var usernamePassword = a.Basic.Username is not null || a.Basic.Password is not null;
        for (var i = 0; i < pairs.Count; i++)
        {
            // Index 0 is Username/Password when set; the rest are Credentials:n.
            var key = usernamePassword ? (i == 0 ? "Basic:" : $"Basic:Credentials:{i - 1}:") : $"Basic:Credentials:{i}:";
            rules.Require(!string.IsNullOrEmpty(pairs[i].Username) && !pairs[i].Username!.Contains(':', StringComparison.Ordinal),
                key + "Username", "is required and must not contain ':'");
            rules.Require(!string.IsNullOrEmpty(pairs[i].Password), key + "Password", "is required");
        }

        var bearer = a.Bearer;
        if (bearer.IsConfigured)
        {
            rules.Require(!string.IsNullOrWhiteSpace(bearer.Audience), "Bearer:Audience", "is required");
            rules.Require(bearer.Authority is not null || bearer.SigningKeys.Count > 0, "Bearer:Authority", "or Bearer:SigningKeys is required");
            var authority = bearer.Authority is null ? null : Uri.TryCreate(bearer.Authority, UriKind.Absolute, out var parsed) ? parsed : null;
            rules.Require(authority is null || authority.UserInfo.Length == 0, "Bearer:Authority", "must not carry credentials (user:password@)");
            rules.Require(bearer.Authority is null || authority?.Scheme == Uri.UriSchemeHttps,
                "Bearer:Authority", $"must be an absolute https URI (was '{(authority is { UserInfo.Length: > 0 } ? "…" : bearer.Authority)}')");
            rules.Require(bearer.ClockSkew >= TimeSpan.Zero && bearer.ClockSkew <= MaxClockSkew, "Bearer:ClockSkew", $"must be 0 to {MaxClockSkew.TotalMinutes:0} minutes");
            for (var i = 0; i < bearer.SigningKeys.Count; i++)
            {
                var problem = SigningKeys.Problem(bearer.SigningKeys[i]);
                rules.Require(problem is null, $"Bearer:SigningKeys:{i}", problem!);
            }
        }

        for (var i = 0; i < a.Certificate.Thumbprints.Count; i++)
        {
            rules.Require(Thumbprint.IsValid(a.Certificate.Thumbprints[i]), $"Certificate:Thumbprints:{i}",
                "must be a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint");
        }
    }

    private static void ValidateDispatch(Rules rules, KciDispatchOptions d)
    {
        rules.Require(d.MaxAttempts is >= MinMaxAttempts and <= MaxMaxAttempts, "MaxAttempts", $"must be {MinMaxAttempts} to {MaxMaxAttempts} (was {d.MaxAttempts})");
        rules.Require(d.BaseDelay >= TimeSpan.Zero, "BaseDelay", "must not be negative");
        rules.Require(d.MaxDelay >= d.BaseDelay, "MaxDelay", $"({d.MaxDelay}) must not be below BaseDelay ({d.BaseDelay})");
        rules.Require(d.BatchSize is >= MinBatchSize and <= MaxBatchSize, "BatchSize", $"must be {MinBatchSize} to {MaxBatchSize} (was {d.BatchSize})");
        rules.Require(d.MaxConcurrency is >= MinMaxConcurrency and <= MaxMaxConcurrency, "MaxConcurrency", $"must be {MinMaxConcurrency} to {MaxMaxConcurrency} (was {d.MaxConcurrency})");
        rules.Require(d.LeaseDuration >= MinLeaseDuration, "LeaseDuration", "must be at least 1 second");
        rules.Require(d.PollInterval >= MinPollInterval, "PollInterval", "must be at least 10 ms");
    }

    /// <summary>The failures of the receiver's options: each rule states what must hold, and its message starts with the full key.</summary>
    private sealed class Rules(string path, List<string>? failures = null)
    {
        private readonly List<string> _failures = failures ?? [];

        public Rules Under(string section) => new($"{path}:{section}", _failures);

        public void Require(bool holds, string key, string rule)
        {
            if (!holds)
            {
                _failures.Add(key.Length == 0 ? $"{path}:{rule}." : $"{path}:{key} {rule}.");
            }
        }

        public ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
    }
}
