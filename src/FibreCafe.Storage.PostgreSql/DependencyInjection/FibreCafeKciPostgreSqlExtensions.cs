using FibreCafe.Kci;
using FibreCafe.Storage.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts the KCI inbox and the cancellation ledger in a PostgreSQL database shared by several receivers.</summary>
public static class FibreCafeKciPostgreSqlExtensions
{
    /// <summary>
    /// Stores the inbox, the entity states and the cancellation ledger in PostgreSQL, configured from the receiver
    /// section's <c>Store</c> keys (<c>FibreCafe:Kci:Store:ConnectionString</c>, <c>Schema</c>, <c>DoneRetention</c>,
    /// <c>CleanupInterval</c>), then in code by <paramref name="configure"/>. The schema is created or migrated when the
    /// host starts; every receiver instance behind the load balancer points at the same database.
    /// </summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="configure">Sets the store options; they start as the receiver section's <c>Store</c> keys.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">Another store was chosen already.</exception>
    public static IFibreCafeKciReceiverBuilder UsePostgreSqlStore(this IFibreCafeKciReceiverBuilder builder, Action<PostgreSqlKciStoreOptions> configure) =>
        StoreRegistration.Register<PostgreSqlKciStoreOptions, PostgreSqlKciDatabase, PostgreSqlKciInbox, PostgreSqlKciRetention>(
            builder, nameof(UsePostgreSqlStore), configure, static sectionPath => new PostgreSqlKciStoreOptionsValidator(sectionPath));

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in PostgreSQL, configured from the receiver section's <c>Store</c> keys alone.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UsePostgreSqlStore(this IFibreCafeKciReceiverBuilder builder) => builder.UsePostgreSqlStore(static _ => { });

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="connectionString">The Npgsql connection string; it wins over <c>Store:ConnectionString</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static IFibreCafeKciReceiverBuilder UsePostgreSqlStore(this IFibreCafeKciReceiverBuilder builder, string connectionString) =>
        builder.UsePostgreSqlStore(StoreRegistration.Setting<PostgreSqlKciStoreOptions>(connectionString, static (options, value) => options.ConnectionString = value));
}
