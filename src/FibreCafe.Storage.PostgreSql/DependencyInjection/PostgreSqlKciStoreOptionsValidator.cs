using System.Text.RegularExpressions;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// Checks the store options when the host starts; every message names its key (e.g.
/// <c>FibreCafe:Kci:Store:Schema</c>) and none repeats the connection string, which holds the password.
/// </summary>
internal sealed partial class PostgreSqlKciStoreOptionsValidator(string receiverSectionPath)
    : StoreOptionsValidator<PostgreSqlKciStoreOptions>(receiverSectionPath)
{
    protected override void ValidateStore(string key, PostgreSqlKciStoreOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{key}:ConnectionString is required by UsePostgreSqlStore() (or pass the connection string).");
        }
        else if (!TryParse(options.ConnectionString, out var host))
        {
            failures.Add($"{key}:ConnectionString is not a valid Npgsql connection string (a keyword or a value is refused).");
        }
        else if (string.IsNullOrWhiteSpace(host))
        {
            failures.Add($"{key}:ConnectionString must name the server (Host=…).");
        }

        if (options.Schema is null || !Identifier().IsMatch(options.Schema))
        {
            failures.Add($"{key}:Schema must be a lower-case identifier of letters, digits and '_' (at most 63, not starting with a digit; was '{options.Schema}').");
        }
    }

    private static bool TryParse(string connectionString, out string? host)
    {
        try
        {
            host = new NpgsqlConnectionStringBuilder(connectionString).Host;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            host = null;
            return false;
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
