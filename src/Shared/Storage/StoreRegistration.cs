using FibreCafe.Kci;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// What every <c>Use…Store()</c> registers, the same way: the store's options bound from the receiver section's
/// <c>Store</c> keys, then the code's <c>configure</c>, validated on start with messages naming the key; its database,
/// inbox, ledger, cancellation requests, event subscriptions and notification outbox in place of the receiver's
/// in-memory defaults; the schema initializer before every other hosted service (they start in registration order, so
/// the dispatcher never sees an old schema); and the retention of done KCIs. A receiver has one store (<see cref="KciStoreChoice"/>): choosing another one is refused.
/// </summary>
internal static class StoreRegistration
{
    public static IFibreCafeKciReceiverBuilder Register<TOptions, TDatabase, TInbox, TRetention>(
        IFibreCafeKciReceiverBuilder builder,
        string storeName,
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
        if (!KciStoreChoice.Register(builder, storeName))
        {
            services.PostConfigure(configure); // the same store again: more configuration only
            return builder;
        }

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
        services.RemoveAll<ICancellationRequestStore>();
        services.RemoveAll<IEventSubscriptionStore>();
        services.RemoveAll<INotificationOutbox>();
        services.AddSingleton<IKciInbox, TInbox>();
        services.AddSingleton<ICancellationLedger>(sp => new RelationalCancellationLedger(sp.GetRequiredService<TDatabase>()));
        services.AddSingleton<ICancellationRequestStore>(
            sp => new RelationalCancellationRequestStore(sp.GetRequiredService<TDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventSubscriptionStore>(sp => new RelationalEventSubscriptionStore(sp.GetRequiredService<TDatabase>()));
        services.AddSingleton<INotificationOutbox>(
            sp => new RelationalNotificationOutbox(sp.GetRequiredService<TDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreInitializer<TDatabase>>());
        services.AddHostedService<TRetention>();
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
