using FibreCafe.Kci;
using FibreCafe.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts the KCI inbox and the cancellation ledger in a local SQLite database.</summary>
public static class FibreCafeKciSqliteExtensions
{
    /// <summary>
    /// Stores the inbox, the entity states and the cancellation ledger in the SQLite file named by
    /// <c>FibreCafe:Kci:Store:Path</c>, configured from the receiver section's <c>Store</c> keys (<c>Path</c>,
    /// <c>BusyTimeout</c>, <c>DoneRetention</c>, <c>CleanupInterval</c>). The schema
    /// is created or migrated when the host starts; done KCIs past their retention are deleted in the background.
    /// </summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UseSqliteStore(this IFibreCafeKciReceiverBuilder builder) => builder.UseSqliteStore(static _ => { });

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in SQLite, configured in code after the configuration keys.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="configure">Sets the store options; they start as the receiver section's <c>Store</c> keys.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">Another store was chosen already.</exception>
    public static IFibreCafeKciReceiverBuilder UseSqliteStore(this IFibreCafeKciReceiverBuilder builder, Action<SqliteKciStoreOptions> configure) =>
        StoreRegistration.Register<SqliteKciStoreOptions, SqliteKciDatabase, SqliteKciInbox, SqliteKciRetention>(
            builder, nameof(UseSqliteStore), configure, static sectionPath => new SqliteKciStoreOptionsValidator(sectionPath));

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="path">The database file, e.g. <c>/var/lib/retailer/kci.db</c>; it wins over <c>Store:Path</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static IFibreCafeKciReceiverBuilder UseSqliteStore(this IFibreCafeKciReceiverBuilder builder, string path) =>
        builder.UseSqliteStore(StoreRegistration.Setting<SqliteKciStoreOptions>(path, static (options, value) => options.Path = value));
}
