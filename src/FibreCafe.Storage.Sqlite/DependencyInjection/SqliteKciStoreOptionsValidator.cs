using FibreCafe.Storage.Shared;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Sqlite;

/// <summary>Checks the store options when the host starts; every message names its key (e.g. <c>FibreCafe:Kci:Store:Path</c>).</summary>
internal sealed class SqliteKciStoreOptionsValidator(string sectionPath) : IValidateOptions<SqliteKciStoreOptions>
{
    // SQLite takes the busy timeout in milliseconds as an int and silently treats a larger value as none.
    public static readonly TimeSpan MaximumBusyTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, SqliteKciStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{sectionPath}:Store";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{key}:Path is required by UseSqliteStore() (or pass the path).");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > MaximumBusyTimeout)
        {
            failures.Add($"{key}:BusyTimeout must be from 00:00:00 to {MaximumBusyTimeout} (was {options.BusyTimeout}).");
        }

        KciRetentionLimits.Validate(key, options.DoneRetention, options.CleanupInterval, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
