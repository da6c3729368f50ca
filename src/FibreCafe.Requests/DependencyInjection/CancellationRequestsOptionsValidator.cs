using Microsoft.Extensions.Options;

namespace FibreCafe.Requests.DependencyInjection;

/// <summary>Checks <see cref="CancellationRequestsOptions"/> on start; every message names the configuration key.</summary>
internal sealed class CancellationRequestsOptionsValidator : IValidateOptions<CancellationRequestsOptions>
{
    private const string Section = CancellationRequestsConstants.SectionName;

    public ValidateOptionsResult Validate(string? name, CancellationRequestsOptions options)
    {
        var failures = new List<string>();
        void Range(TimeSpan value, TimeSpan min, TimeSpan max, string key)
        {
            if (value < min || value > max)
            {
                failures.Add($"{Section}:{key} must be from {min} to {max} (was {value}).");
            }
        }

        void Count(int value, int max, string key)
        {
            if (value < 1 || value > max)
            {
                failures.Add($"{Section}:{key} must be from 1 to {max} (was {value}).");
            }
        }

        var day = TimeSpan.FromDays(1);
        Range(options.PollInterval, CancellationRequestsConstants.MinPollInterval, CancellationRequestsConstants.MaxPollInterval, nameof(options.PollInterval));
        Range(options.LeaseDuration, CancellationRequestsConstants.MinLeaseDuration, day, nameof(options.LeaseDuration));
        Range(options.RetryBaseDelay, TimeSpan.FromMilliseconds(1), day, nameof(options.RetryBaseDelay));
        Range(options.RetryMaxDelay, options.RetryBaseDelay, day, nameof(options.RetryMaxDelay));
        Range(options.MaxRetryAfter, TimeSpan.Zero, day, nameof(options.MaxRetryAfter));
        Range(options.ReconcileWindow, TimeSpan.Zero, TimeSpan.FromDays(30), nameof(options.ReconcileWindow));
        Range(options.OverdueAge, TimeSpan.Zero, TimeSpan.FromDays(30), nameof(options.OverdueAge));
        Range(options.TerminalRetention, TimeSpan.FromHours(1), TimeSpan.FromDays(3650), nameof(options.TerminalRetention));
        Range(options.CleanupInterval, TimeSpan.Zero, TimeSpan.FromDays(7), nameof(options.CleanupInterval));
        Count(options.ClaimBatchSize, CancellationRequestsConstants.MaxBatch, nameof(options.ClaimBatchSize));
        Count(options.MaxConcurrentSends, CancellationRequestsConstants.MaxBatch, nameof(options.MaxConcurrentSends));
        Count(options.MaxTransientFailures, int.MaxValue, nameof(options.MaxTransientFailures));
        if (options.InstanceName is { Length: > 200 })
        {
            failures.Add($"{Section}:{nameof(options.InstanceName)} must be at most 200 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
