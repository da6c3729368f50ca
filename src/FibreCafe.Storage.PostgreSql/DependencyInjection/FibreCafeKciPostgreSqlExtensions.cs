using FibreCafe.Kci;
using FibreCafe.Storage.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts the KCI inbox and the cancellation ledger in a PostgreSQL database shared by several receivers.</summary>
public static class FibreCafeKciPostgreSqlExtensions
{
    /// <summary>
    /// Stores the inbox, the entity states and the cancellation ledger in PostgreSQL, configured from the
    /// receiver section's <c>Store</c> keys (<c>FibreCafe:Kci:Store:ConnectionString</c>, <c>Schema</c>,
    /// <c>DoneRetention</c>, <c>CleanupInterval</c>). The schema is created or migrated when the host starts;
    /// every receiver instance behind the load balancer points at the same database.
    /// </summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UsePostgreSqlStore(this IFibreCafeKciReceiverBuilder builder) =>
        builder.UsePostgreSqlStore(_ => { });

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="connectionString">The Npgsql connection string; it wins over <c>Store:ConnectionString</c>.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UsePostgreSqlStore(this IFibreCafeKciReceiverBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSqlStore(options => options.ConnectionString = connectionString);
    }

    /// <summary>Stores the inbox, the entity states and the cancellation ledger in PostgreSQL, configured in code.</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="configure">Sets the store options; they start as the receiver section's <c>Store</c> keys.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder UsePostgreSqlStore(this IFibreCafeKciReceiverBuilder builder, Action<PostgreSqlKciStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var section = builder.Configuration?.GetSection("Store");
        services.AddOptions<PostgreSqlKciStoreOptions>()
            .Configure(options => section?.Bind(options))
            .PostConfigure(configure)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlKciStoreOptions>>(
            new PostgreSqlKciStoreOptionsValidator((builder.Configuration as IConfigurationSection)?.Path ?? FibreCafeKciOptions.SectionName)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostgreSqlKciDatabase>();
        services.RemoveAll<IKciInbox>();
        services.RemoveAll<ICancellationLedger>();
        services.AddSingleton<IKciInbox, PostgreSqlKciInbox>();
        services.AddSingleton<ICancellationLedger, PostgreSqlCancellationLedger>();

        // The schema before the dispatcher: hosted services start in registration order.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PostgreSqlKciStoreInitializer)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PostgreSqlKciStoreInitializer>());
            services.AddHostedService<PostgreSqlKciRetention>();
        }

        return builder;
    }
}
