using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Sqlite;

/// <summary>Checks the store options when the host starts; every message names its key (e.g. <c>FibreCafe:Kci:Store:Path</c>).</summary>
internal sealed class SqliteKciStoreOptionsValidator(string sectionPath) : IValidateOptions<SqliteKciStoreOptions>
{
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinimumCleanupInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaximumCleanupInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, SqliteKciStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{sectionPath}:Store";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{key}:Path is required by UseSqliteStore() (or pass the path).");
        }

        if (options.DoneRetention < MinimumRetention)
        {
            failures.Add($"{key}:DoneRetention must be at least {MinimumRetention} (was {options.DoneRetention}).");
        }

        if (options.CleanupInterval != TimeSpan.Zero
            && (options.CleanupInterval < MinimumCleanupInterval || options.CleanupInterval > MaximumCleanupInterval))
        {
            failures.Add($"{key}:CleanupInterval must be 00:00:00 (off) or from {MinimumCleanupInterval} to {MaximumCleanupInterval} (was {options.CleanupInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
