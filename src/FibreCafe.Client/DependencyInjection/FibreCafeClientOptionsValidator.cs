using FibreCafe.Client.Resilience;
using Microsoft.Extensions.Options;
using C = FibreCafe.Client.DependencyInjection.FibreCafeClientConstants;
using R = FibreCafe.Client.Resilience.ResilienceConstants;

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

        var o = options;
        var failures = new OptionsFailures(client.ConfigurationPath);
        failures.RequireEndpoint(nameof(o.BaseAddress), o.BaseAddress, required: true);
        failures.RequireEndpoint(nameof(o.TokenEndpoint), o.GetEffectiveTokenEndpoint(), required: false);
        failures.RequireValue(nameof(o.ClientId), o.ClientId);
        failures.RequireValue(nameof(o.ClientSecret), o.ClientSecret);
        failures.RequireNotNegative(nameof(o.TokenExpiryMargin), o.TokenExpiryMargin);
        failures.RequireNotNegative(nameof(o.TokenRefreshAhead), o.TokenRefreshAhead);
        // A token request that may outlast the call would end every call that waits for it as a timeout of the
        // call, which says nothing of the token endpoint.
        _ = failures.RequirePositive(nameof(o.TokenRequestTimeout), o.TokenRequestTimeout)
            && failures.RequireBelow(nameof(o.TokenRequestTimeout), o.TokenRequestTimeout,
                failures.Key($"{nameof(o.Resilience)}:{nameof(o.Resilience.TotalTimeout)}"), o.Resilience.TotalTimeout);
        failures.RequireAbove(nameof(o.MaxTokenLifetime), o.MaxTokenLifetime, failures.Key(nameof(o.TokenExpiryMargin)), o.TokenExpiryMargin);
        failures.RequireBetween(nameof(o.MaxResponseBodyBytes), o.MaxResponseBodyBytes, C.MinBodyLimitBytes, C.MaxBodyLimitBytes, " bytes");
        failures.RequireBetween(nameof(o.MaxErrorResponseBodyBytes), o.MaxErrorResponseBodyBytes, C.MinBodyLimitBytes, C.MaxBodyLimitBytes, " bytes");
        failures.RequireBetween(nameof(o.MaxTokenResponseBytes), o.MaxTokenResponseBytes, C.MinBodyLimitBytes, C.MaxBodyLimitBytes, " bytes");
        ValidateResilience(failures.Under(nameof(o.Resilience)), o.Resilience);
        return failures.Result();
    }

    /// <summary>The rules of <c>Resilience:*</c>; a rule naming a second key of the section shows it by its name.</summary>
    private static void ValidateResilience(OptionsFailures failures, FibreCafeResilienceOptions r)
    {
        failures.RequireBetween(nameof(r.MaxAttempts), r.MaxAttempts, R.MinimumAttempts, R.MaximumAttempts);
        failures.RequireNotNegative(nameof(r.BaseDelay), r.BaseDelay);
        failures.RequireNotBelow(nameof(r.MaxDelay), r.MaxDelay, nameof(r.BaseDelay), r.BaseDelay);
        // The timeouts are enforced by the handlers, in the range Polly's timeout strategy accepts, refused here at
        // start rather than on the first call.
        _ = failures.RequirePositive(nameof(r.AttemptTimeout), r.AttemptTimeout)
            && failures.RequireBetween(nameof(r.AttemptTimeout), r.AttemptTimeout, R.MinimumTimeout, R.MaximumTimeout);
        failures.RequireBetween(nameof(r.TotalTimeout), r.TotalTimeout, R.MinimumTimeout, R.MaximumTimeout);
        failures.RequireBelow(nameof(r.AttemptTimeout), r.AttemptTimeout, nameof(r.TotalTimeout), r.TotalTimeout);

        var cb = r.CircuitBreaker;
        if (!cb.Enabled)
        {
            return;
        }

        var breaker = failures.Under(nameof(r.CircuitBreaker));
        breaker.RequireAboveAndAtMost(nameof(cb.FailureRatio), cb.FailureRatio, R.FailureRatioAbove, R.MaximumFailureRatio);
        breaker.RequireAtLeast(nameof(cb.MinimumThroughput), cb.MinimumThroughput, R.LowestMinimumThroughput);
        breaker.RequireAtLeast(nameof(cb.BreakDuration), cb.BreakDuration, R.MinimumBreakDuration);
        // Checked only when set: unset, it is derived from the attempt timeout and always fits.
        if (cb.SamplingDuration is { } sampling)
        {
            breaker.RequireAtLeastTimes(nameof(cb.SamplingDuration), sampling, R.SamplingDurationAttemptTimeouts,
                nameof(r.AttemptTimeout), r.AttemptTimeout);
        }
    }
}
