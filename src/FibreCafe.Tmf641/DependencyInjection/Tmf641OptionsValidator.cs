using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.DependencyInjection;

/// <summary>Checks <see cref="Tmf641Options"/> on start; every message names the configuration key.</summary>
internal sealed partial class Tmf641OptionsValidator : IValidateOptions<Tmf641Options>
{
    private const string Section = Tmf641Constants.SectionName;

    // A request keeps at most 20 metadata pairs; the API's own take two (the reason and the requested date).
    private const int MaxKeptHeaders = 18;

    public ValidateOptionsResult Validate(string? name, Tmf641Options options)
    {
        var failures = new List<string>();
        if (options.PublicBaseAddress is { } address
            && (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(address.UserInfo)))
        {
            failures.Add($"{Section}:{nameof(options.PublicBaseAddress)} must be an absolute http or https address without credentials.");
        }

        if (!ReasonCode().IsMatch(options.DefaultReasonCode ?? string.Empty))
        {
            failures.Add($"{Section}:{nameof(options.DefaultReasonCode)} must be a Fibre Cafe reason code (A–Z and _, 1 to 30 characters).");
        }

        foreach (var (reason, code) in options.ReasonCodes)
        {
            if (!ReasonCode().IsMatch(code ?? string.Empty))
            {
                failures.Add($"{Section}:{nameof(options.ReasonCodes)}:{reason} must map to a Fibre Cafe reason code (A–Z and _, 1 to 30 characters), not '{code}'.");
            }
        }

        if (options.HeadersToMetadata.Count > MaxKeptHeaders)
        {
            failures.Add($"{Section}:{nameof(options.HeadersToMetadata)} may name at most {MaxKeptHeaders} headers (a request keeps at most {Kci.CancellationRequestMetadata.MaxEntries} metadata pairs).");
        }

        foreach (var header in options.HeadersToMetadata.Where(h => h is { Length: > 0 } && Tmf641Constants.HeaderMetadataPrefix.Length + h.Length > Kci.CancellationRequestMetadata.MaxKeyLength))
        {
            failures.Add($"{Section}:{nameof(options.HeadersToMetadata)}: '{header}' is longer than {Kci.CancellationRequestMetadata.MaxKeyLength - Tmf641Constants.HeaderMetadataPrefix.Length} characters.");
        }

        foreach (var host in options.Hub.AllowedCallbackHosts.Where(h => string.IsNullOrWhiteSpace(h) || h.IndexOfAny([':', '/', '@', ' ']) >= 0))
        {
            failures.Add($"{Section}:Hub:{nameof(options.Hub.AllowedCallbackHosts)} holds '{host}', which is no host name (no scheme, port or path).");
        }

        foreach (var header in options.HeadersToMetadata)
        {
            if (string.IsNullOrWhiteSpace(header) || header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{Section}:{nameof(options.HeadersToMetadata)} may not hold '{header}': a blank name, Authorization or Cookie (a secret would be stored).");
            }
        }

        if (options.DefaultLimit is < 1 or > Tmf641Constants.MaxLimit)
        {
            failures.Add($"{Section}:{nameof(options.DefaultLimit)} must be from 1 to {Tmf641Constants.MaxLimit} (was {options.DefaultLimit}).");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 1024 * 1024)
        {
            failures.Add($"{Section}:{nameof(options.MaxRequestBodyBytes)} must be from 1024 to 1048576 (was {options.MaxRequestBodyBytes}).");
        }

        var hub = options.Hub;
        void Range(TimeSpan value, TimeSpan min, TimeSpan max, string key)
        {
            if (value < min || value > max)
            {
                failures.Add($"{Section}:Hub:{key} must be from {min} to {max} (was {value}).");
            }
        }

        Range(hub.RetryBaseDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), nameof(hub.RetryBaseDelay));
        Range(hub.RetryMaxDelay, hub.RetryBaseDelay, TimeSpan.FromDays(1), nameof(hub.RetryMaxDelay));
        Range(hub.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(50), nameof(hub.AttemptTimeout));
        Range(hub.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5), nameof(hub.PollInterval));
        Range(hub.DeliveredRetention, TimeSpan.FromHours(1), TimeSpan.FromDays(3650), nameof(hub.DeliveredRetention));
        Range(hub.CleanupInterval, TimeSpan.Zero, TimeSpan.FromDays(7), nameof(hub.CleanupInterval));
        Range(hub.FeedGapTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), nameof(hub.FeedGapTimeout));
        if (hub.MaxAttempts is < 1 or > 1000)
        {
            failures.Add($"{Section}:Hub:{nameof(hub.MaxAttempts)} must be from 1 to 1000 (was {hub.MaxAttempts}).");
        }

        if (hub.MaxConcurrentDeliveries is < 1 or > 256)
        {
            failures.Add($"{Section}:Hub:{nameof(hub.MaxConcurrentDeliveries)} must be from 1 to 256 (was {hub.MaxConcurrentDeliveries}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Z_]{1,30}$")]
    private static partial Regex ReasonCode();
}
