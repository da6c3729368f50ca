using FibreCafe.Kci;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// Where the PostgreSQL store keeps the inbox, the entity states and the cancellation ledger, and how long
/// it keeps dispatched KCIs. Bound from <c>FibreCafe:Kci:Store</c>; validated when the host starts.
/// </summary>
public sealed class PostgreSqlKciStoreOptions : KciStoreOptions
{
    /// <summary>The default <see cref="Schema"/>: <c>fibrecafe_kci</c>.</summary>
    public const string DefaultSchema = "fibrecafe_kci";

    /// <summary>
    /// Gets or sets the Npgsql connection string, e.g. <c>Host=db;Database=retailer;Username=kci;Password=…</c>.
    /// Every receiver instance uses the same database. Keep the password in a secret store or the environment
    /// (<c>FibreCafe__Kci__Store__ConnectionString</c>); it is never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the schema of the store's tables, created when missing (the role then needs the
    /// <c>CREATE</c> privilege on the database, or create the schema for it beforehand). Default: <c>fibrecafe_kci</c>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Describes the options without the password or any other secret of the connection string.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"PostgreSqlKciStoreOptions {{ Server = {Describe(ConnectionString)}, Schema = {Schema}, {DescribeRetention()} }}";

    private static string Describe(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "(none)";
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{parsed.Host}:{parsed.Port}/{parsed.Database}";
        }
        catch (ArgumentException)
        {
            return "(invalid)";
        }
    }
}
