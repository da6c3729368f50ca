namespace FibreCafe.Kci;

/// <summary>Settings of the inbox and ledger store (<c>FibreCafe:Kci:Store</c>).</summary>
public sealed class KciStoreOptions
{
    /// <summary>
    /// Gets or sets the path of the SQLite database file used by <c>UseSqliteStore()</c> when no path is
    /// passed in code, e.g. <c>/var/lib/retailer/kci.db</c>. Without a SQLite store, the store is in memory.
    /// </summary>
    public string? Path { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"KciStoreOptions {{ Path = {Path} }}";
}
