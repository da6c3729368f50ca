namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Where the SQLite store keeps its database, and how long it keeps dispatched KCIs. Bound from the receiver
/// section's <c>Store</c> keys (<c>FibreCafe:Kci:Store:Path</c>, <c>BusyTimeout</c>, <c>DoneRetention</c>,
/// <c>CleanupInterval</c>); validated when the host starts.
/// </summary>
public sealed class SqliteKciStoreOptions
{
    /// <summary>
    /// Gets or sets the database file, e.g. <c>/var/lib/retailer/kci.db</c>; its folder is created when
    /// missing. One receiver process per file: on start the store takes back the claims left by a previous run.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets how long a command waits for a lock held by another connection. At most 1 hour. Default: 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a dispatched (done) KCI is kept, for inspection and to recognise a re-delivery as a
    /// duplicate; older ones are deleted. Parked KCIs are kept until replayed. At least 1 hour. Default: 7 days.
    /// </summary>
    public TimeSpan DoneRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how often the store deletes the done KCIs older than <see cref="DoneRetention"/>;
    /// <see cref="TimeSpan.Zero"/> turns the clean-up off. 1 minute to 1 day. Default: 1 hour.
    /// </summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public override string ToString() =>
        $"SqliteKciStoreOptions {{ Path = {Path}, DoneRetention = {DoneRetention}, CleanupInterval = {CleanupInterval} }}";
}
