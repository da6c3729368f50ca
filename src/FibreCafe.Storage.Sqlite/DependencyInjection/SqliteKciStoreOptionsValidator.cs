using FibreCafe.Storage.Shared;
using Microsoft.Extensions.Options;

namespace FibreCafe.Storage.Sqlite;

/// <summary>Checks the store options when the host starts; every message names its key (e.g. <c>FibreCafe:Kci:Store:Path</c>).</summary>
internal sealed class SqliteKciStoreOptionsValidator(string sectionPath) : IValidateOptions<SqliteKciStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteKciStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{sectionPath}:Store";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{key}:Path is required by UseSqliteStore() (or pass the path).");
        }

        KciRetentionLimits.Validate(key, options.DoneRetention, options.CleanupInterval, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
