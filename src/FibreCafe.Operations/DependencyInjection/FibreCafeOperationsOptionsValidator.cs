using Microsoft.Extensions.Options;

namespace FibreCafe.Operations.DependencyInjection;

/// <summary>Checks <see cref="FibreCafeOperationsOptions"/> on start; every message names the configuration key.</summary>
internal sealed class FibreCafeOperationsOptionsValidator : IValidateOptions<FibreCafeOperationsOptions>
{
    private const string Section = OperationsConstants.SectionName;

    public ValidateOptionsResult Validate(string? name, FibreCafeOperationsOptions options)
    {
        var failures = new List<string>();
        if (options.PageSize is < OperationsConstants.MinPageSize or > OperationsConstants.MaxPageSize)
        {
            failures.Add($"{Section}:{nameof(options.PageSize)} must be from {OperationsConstants.MinPageSize} to {OperationsConstants.MaxPageSize}, not {options.PageSize}.");
        }

        foreach (var (key, value) in new[] { (nameof(options.ViewPolicy), options.ViewPolicy), (nameof(options.OperatePolicy), options.OperatePolicy), (nameof(options.StatsPolicy), options.StatsPolicy) })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{Section}:{key} must name a policy or be left out, not be blank.");
            }
        }

        if (options.SubscriptionApis.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Section}:{nameof(options.SubscriptionApis)} must not hold a blank API name.");
        }

        if (string.IsNullOrWhiteSpace(options.Title))
        {
            failures.Add($"{Section}:{nameof(options.Title)} must not be blank.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
