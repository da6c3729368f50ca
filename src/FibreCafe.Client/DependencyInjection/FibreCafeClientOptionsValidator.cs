using Microsoft.Extensions.Options;

namespace FibreCafe.Client.DependencyInjection;

/// <summary>
/// Checks the <see cref="FibreCafeClientOptions"/> of every registered client when the host starts; each failure names
/// its key under the client's configuration path (<c>FibreCafe:</c> for the unnamed client). Options of a name no
/// client is registered with are not the client's, and are skipped.
/// </summary>
internal sealed class FibreCafeClientOptionsValidator(FibreCafeClientRegistry registry) : IValidateOptions<FibreCafeClientOptions>
{
    public ValidateOptionsResult Validate(string? name, FibreCafeClientOptions options)
    {
        if (!registry.TryGet(name ?? Options.DefaultName, out var client))
        {
            return ValidateOptionsResult.Skip;
        }

        var p = client.ConfigurationPath + ":";
        var failures = new List<string>();
        CheckEndpoint(failures, $"{p}BaseAddress", options.BaseAddress, required: true);
        CheckEndpoint(failures, $"{p}TokenEndpoint", options.GetEffectiveTokenEndpoint(), required: false);
        Require(failures, string.IsNullOrWhiteSpace(options.ClientId), $"{p}ClientId is required.");
        Require(failures, string.IsNullOrWhiteSpace(options.ClientSecret), $"{p}ClientSecret is required.");
        Require(failures, options.TokenExpiryMargin < TimeSpan.Zero, $"{p}TokenExpiryMargin must not be negative.");
        Require(failures, options.TokenRefreshAhead < TimeSpan.Zero, $"{p}TokenRefreshAhead must not be negative.");
        Require(failures, options.TokenRequestTimeout <= TimeSpan.Zero, $"{p}TokenRequestTimeout must be positive.");
        // A token request that may outlast the call would end every call that waits for it as a timeout of the
        // call, which says nothing of the token endpoint.
        Require(failures, options.TokenRequestTimeout > TimeSpan.Zero && options.TokenRequestTimeout >= options.Resilience.TotalTimeout,
            $"{p}TokenRequestTimeout ({options.TokenRequestTimeout}) must be below {p}Resilience:TotalTimeout ({options.Resilience.TotalTimeout}).");
        Require(failures, options.MaxTokenLifetime <= options.TokenExpiryMargin,
            $"{p}MaxTokenLifetime ({options.MaxTokenLifetime}) must be above {p}TokenExpiryMargin ({options.TokenExpiryMargin}).");
        CheckBodyLimit(failures, $"{p}MaxResponseBodyBytes", options.MaxResponseBodyBytes);
        CheckBodyLimit(failures, $"{p}MaxErrorResponseBodyBytes", options.MaxErrorResponseBodyBytes);
        CheckBodyLimit(failures, $"{p}MaxTokenResponseBytes", options.MaxTokenResponseBytes);
        ValidateResilience(failures, p + "Resilience:", options.Resilience);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateResilience(List<string> failures, string P, FibreCafeResilienceOptions r)
    {
        Require(failures, r.MaxAttempts is < 1 or > 20, $"{P}MaxAttempts must be 1 to 20 (was {r.MaxAttempts}).");
        Require(failures, r.BaseDelay < TimeSpan.Zero, $"{P}BaseDelay must not be negative.");
        Require(failures, r.MaxDelay < r.BaseDelay, $"{P}MaxDelay ({r.MaxDelay}) must not be below BaseDelay ({r.BaseDelay}).");
        Require(failures, r.AttemptTimeout <= TimeSpan.Zero, $"{P}AttemptTimeout must be positive.");
        // The range Polly's timeout strategy accepted when it enforced these: refused here, at start, rather than
        // by the pipeline on the first call.
        Require(failures, r.AttemptTimeout > TimeSpan.Zero && !IsTimeoutInRange(r.AttemptTimeout),
            $"{P}AttemptTimeout must be 10 ms to 24 h (was {r.AttemptTimeout}).");
        Require(failures, !IsTimeoutInRange(r.TotalTimeout), $"{P}TotalTimeout must be 10 ms to 24 h (was {r.TotalTimeout}).");
        Require(failures, r.AttemptTimeout >= r.TotalTimeout,
            $"{P}AttemptTimeout ({r.AttemptTimeout}) must be below TotalTimeout ({r.TotalTimeout}).");
        var cb = r.CircuitBreaker;
        if (cb.Enabled)
        {
            Require(failures, cb.FailureRatio is <= 0 or > 1, $"{P}CircuitBreaker:FailureRatio must be above 0 and at most 1 (was {cb.FailureRatio}).");
            Require(failures, cb.MinimumThroughput < 2, $"{P}CircuitBreaker:MinimumThroughput must be at least 2.");
            Require(failures, cb.BreakDuration < TimeSpan.FromMilliseconds(500), $"{P}CircuitBreaker:BreakDuration must be at least 500 ms.");
            // Checked only when set: unset, it is derived from the attempt timeout and always fits.
            Require(failures, cb.SamplingDuration is { } sampling && sampling < 2 * r.AttemptTimeout,
                $"{P}CircuitBreaker:SamplingDuration ({cb.SamplingDuration}) must be at least twice AttemptTimeout ({r.AttemptTimeout}).");
        }
    }

    private static void CheckBodyLimit(List<string> failures, string key, int bytes) =>
        Require(failures, bytes is < FibreCafeClientOptions.MinBodyLimitBytes or > FibreCafeClientOptions.MaxBodyLimitBytes,
            $"{key} must be {FibreCafeClientOptions.MinBodyLimitBytes} to {FibreCafeClientOptions.MaxBodyLimitBytes} bytes (was {bytes}).");

    private static bool IsTimeoutInRange(TimeSpan timeout) =>
        timeout >= TimeSpan.FromMilliseconds(10) && timeout <= TimeSpan.FromHours(24);

    private static void CheckEndpoint(List<string> failures, string key, Uri? uri, bool required)
    {
        if (uri is null)
        {
            Require(failures, required, $"{key} is required.");
            return;
        }

        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URI (was '{uri}').");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            failures.Add($"{key} must use https; plain http is accepted only for loopback hosts (was '{uri}').");
        }
    }

    private static void Require(List<string> failures, bool failed, string message)
    {
        if (failed)
        {
            failures.Add(message);
        }
    }
}
