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
    /// <c>FibreCafe:Kci:Store:Path</c> (the receiver section's <c>Store:Path</c>). The schema is created
    /// when the host starts.
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
    /// <param name="configure">Sets the store options; <see cref="SqliteKciStoreOptions.Path"/> starts as <c>Store:Path</c>.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UseSqliteStore(this IFibreCafeKciReceiverBuilder builder, Action<SqliteKciStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SqliteKciStoreOptions>()
            .Configure<IOptions<FibreCafeKciOptions>>((options, receiver) => options.Path ??= receiver.Value.Store.Path)
            .PostConfigure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), $"{SectionPath(builder)}:Store:Path is required by UseSqliteStore() (or pass the path).")
            .ValidateOnStart();
        services.TryAddSingleton<SqliteKciDatabase>();
        services.RemoveAll<IKciInbox>();
        services.RemoveAll<ICancellationLedger>();
        services.AddSingleton<IKciInbox, SqliteKciInbox>();
        services.AddSingleton<ICancellationLedger, SqliteCancellationLedger>();

        // Before the dispatcher: hosted services start in registration order.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqliteKciStoreInitializer)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SqliteKciStoreInitializer>());
        }

        return builder;
    }

    private static string SectionPath(IFibreCafeKciReceiverBuilder builder) =>
        (builder.Configuration as IConfigurationSection)?.Path ?? FibreCafeKciOptions.SectionName;
}
