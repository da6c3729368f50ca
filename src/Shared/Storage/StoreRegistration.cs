using FibreCafe.Kci;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// What every <c>Use…Store()</c> registers, the same way: the store's options bound from the receiver section's
/// <c>Store</c> keys, then the code's <c>configure</c>, validated on start with messages naming the key; its database,
/// inbox and ledger in place of any store chosen before (the last choice wins); the schema initializer before every
/// other hosted service (they start in registration order, so the dispatcher never sees an old schema); and the
/// retention of done KCIs.
/// </summary>
internal static class StoreRegistration
{
    public static IFibreCafeKciReceiverBuilder Register<TOptions, TDatabase, TInbox, TRetention>(
        IFibreCafeKciReceiverBuilder builder,
        Action<TOptions> configure,
        Func<string, IValidateOptions<TOptions>> validator)
        where TOptions : KciStoreOptions
        where TDatabase : class, IStoreDatabase
        where TInbox : class, IKciInbox
        where TRetention : class, IHostedService
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var section = builder.Configuration?.GetSection("Store");
        services.AddOptions<TOptions>()
            .Configure(options => section?.Bind(options))
            .PostConfigure(configure)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton(validator(ReceiverSectionPath(builder))));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TDatabase>();
        services.RemoveAll<IKciInbox>();
        services.RemoveAll<ICancellationLedger>();
        services.AddSingleton<IKciInbox, TInbox>();
        services.AddSingleton<ICancellationLedger>(sp => new RelationalCancellationLedger(sp.GetRequiredService<TDatabase>()));
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(StoreInitializer<TDatabase>)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreInitializer<TDatabase>>());
            services.AddHostedService<TRetention>();
        }

        return builder;
    }

    /// <summary>The <c>configure</c> of a <c>Use…Store(value)</c> overload: sets one required setting, refused at once when empty.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty.</exception>
    public static Action<TOptions> Setting<TOptions>(string value, Action<TOptions, string> set, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return options => set(options, value);
    }

    private static string ReceiverSectionPath(IFibreCafeKciReceiverBuilder builder) =>
        (builder.Configuration as IConfigurationSection)?.Path ?? FibreCafeKciOptions.SectionName;
}
