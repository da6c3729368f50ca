using FibreCafe.Kci;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Where the SQLite store keeps its database, and how long it keeps dispatched KCIs. Bound from the receiver
/// section's <c>Store</c> keys (<c>FibreCafe:Kci:Store:Path</c>, <c>BusyTimeout</c>, <c>DoneRetention</c>,
/// <c>CleanupInterval</c>); validated when the host starts.
/// </summary>
public sealed class SqliteKciStoreOptions : KciStoreOptions
{
    /// <summary>The default <see cref="BusyTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The largest <see cref="BusyTimeout"/>: 1 hour (SQLite takes it in milliseconds as an int and treats a larger value as none).</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets the database file, e.g. <c>/var/lib/retailer/kci.db</c>; its folder is created when
    /// missing. One receiver process per file: on start the store takes back the claims left by a previous run.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets how long a command waits for a lock held by another connection. At most 1 hour. Default: 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <inheritdoc />
    public override string ToString() =>
        $"SqliteKciStoreOptions {{ Path = {Path}, {DescribeRetention()} }}";
}
