using FibreCafe.Kci;
using FibreCafe.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts the KCI inbox and the cancellation ledger in a local SQLite database.</summary>
public static class FibreCafeKciSqliteExtensions
{
    /// <summary>
    /// Stores the inbox, the entity states and the cancellation ledger in the SQLite file named by
    /// <c>FibreCafe:Kci:Store:Path</c>, configured from the receiver section's <c>Store</c> keys (<c>Path</c>,
    /// <c>BusyTimeout</c>, <c>DoneRetention</c>, <c>CleanupInterval</c>). The schema is created when the host
    /// starts; done KCIs past their retention are deleted in the background.
    /// </summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UseSqliteStore(this IFibreCafeKciReceiverBuilder builder) =>
        builder.UseSqliteStore(_ => { });

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="path">The database file, e.g. <c>/var/lib/retailer/kci.db</c>; it wins over <c>Store:Path</c>.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UseSqliteStore(this IFibreCafeKciReceiverBuilder builder, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.UseSqliteStore(options => options.Path = path);
    }

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in SQLite, configured in code.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="configure">Sets the store options; they start as the receiver section's <c>Store</c> keys.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UseSqliteStore(this IFibreCafeKciReceiverBuilder builder, Action<SqliteKciStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var section = builder.Configuration?.GetSection("Store");
        services.AddOptions<SqliteKciStoreOptions>()
            .Configure(options => section?.Bind(options))
            .PostConfigure(configure)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteKciStoreOptions>>(
            new SqliteKciStoreOptionsValidator(SectionPath(builder))));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteKciDatabase>();
        services.RemoveAll<IKciInbox>();
        services.RemoveAll<ICancellationLedger>();
        services.AddSingleton<IKciInbox, SqliteKciInbox>();
        services.AddSingleton<ICancellationLedger, SqliteCancellationLedger>();

        // Before the dispatcher: hosted services start in registration order.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqliteKciStoreInitializer)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SqliteKciStoreInitializer>());
            services.AddHostedService<SqliteKciRetention>();
        }

        return builder;
    }

    private static string SectionPath(IFibreCafeKciReceiverBuilder builder) =>
        (builder.Configuration as IConfigurationSection)?.Path ?? FibreCafeKciOptions.SectionName;
}
