namespace FibreCafe.Storage.Sqlite;

/// <summary>Where the SQLite store keeps its database.</summary>
public sealed class SqliteKciStoreOptions
{
    /// <summary>
    /// Gets or sets the database file, e.g. <c>/var/lib/retailer/kci.db</c>; its folder is created when
    /// missing. One receiver process per file: on start the store takes back the claims left by a previous run.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets how long a command waits for a lock held by another connection. Default: 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() => $"SqliteKciStoreOptions {{ Path = {Path} }}";
}
