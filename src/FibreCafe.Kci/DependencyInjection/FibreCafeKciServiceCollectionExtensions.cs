using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Kci.Authentication;
using FibreCafe.Kci.DependencyInjection;
using FibreCafe.Kci.Dispatch;
using FibreCafe.Kci.Endpoint;
using FibreCafe.Kci.Ledger;
using FibreCafe.Kci.Notifications;
using FibreCafe.Kci.Requests;
using FibreCafe.Kci.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the KCI receiver, its handlers and the cancellation ledger.</summary>
public static class FibreCafeKciServiceCollectionExtensions
{
    /// <summary>The name of the store's health check: <c>fibrecafe-kci-store</c>.</summary>
    public const string HealthCheckName = "fibrecafe-kci-store";

    /// <summary>
    /// Registers the KCI receiver configured from a section (usually <c>FibreCafe:Kci</c>) with the keys
    /// <c>MaxBodyBytes</c>, <c>Authentication:*</c>, <c>Dispatch:*</c> and <c>Store:*</c> (read by the store chosen): the endpoint
    /// (map it with <c>app.MapFibreCafeKcis("/kcis")</c>), the authentication schemes, the dispatcher and a
    /// health check named <see cref="HealthCheckName"/>. Choose the store on the builder: <c>.UseSqliteStore()</c>,
    /// <c>.UsePostgreSqlStore()</c>, or <c>.UseInMemoryStore()</c> for tests; without one the host starts only in
    /// the Development environment. Options are validated on start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>A builder to choose the store and add handlers.</returns>
    public static IFibreCafeKciReceiverBuilder AddFibreCafeKciReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = (configuration as IConfigurationSection)?.Path ?? FibreCafeKciOptions.SectionName;
        services.AddFibreCafeKciReceiverCore(path);
        services.AddOptions<FibreCafeKciOptions>().Bind(configuration);
        return new FibreCafeKciReceiverBuilder(services, configuration);
    }

    /// <summary>Registers the KCI receiver configured in code; see the other overload for what is registered.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to choose the store and add handlers.</returns>
    public static IFibreCafeKciReceiverBuilder AddFibreCafeKciReceiver(this IServiceCollection services, Action<FibreCafeKciOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddFibreCafeKciReceiverCore(FibreCafeKciOptions.SectionName);
        services.Configure(configure);
        return new FibreCafeKciReceiverBuilder(services, null);
    }

    /// <summary>Registers a handler of one KCI domain event, resolved from a DI scope per KCI.</summary>
    /// <typeparam name="TEvent">The event type, or <see cref="KciEvent"/> for every event.</typeparam>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKciEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : KciEvent
        where THandler : class, IKciEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IKciEventHandler<TEvent>, THandler>());
        return services;
    }

    /// <summary>Registers a handler of one KCI domain event, resolved from a DI scope per KCI.</summary>
    /// <typeparam name="TEvent">The event type, or <see cref="KciEvent"/> for every event.</typeparam>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">The receiver builder.</param>
    /// <returns>The builder.</returns>
    public static IFibreCafeKciReceiverBuilder AddKciEventHandler<TEvent, THandler>(this IFibreCafeKciReceiverBuilder builder)
        where TEvent : KciEvent
        where THandler : class, IKciEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKciEventHandler<TEvent, THandler>();
        return builder;
    }

    /// <summary>
    /// Opts the client in to the cancellation ledger: every cancellation <c>IFibreCafeClient</c>
    /// creates is recorded in <see cref="ICancellationLedger"/> (request, 201 body, correlation ids,
    /// timestamps; no headers or secrets), where the KCI dispatcher then follows it. The ledger is in
    /// memory unless a store such as <c>UseSqliteStore()</c> provides it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFibreCafeCancellationLedger(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICancellationLedger, InMemoryCancellationLedger>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFibreCafeCancellationObserver, LedgerCancellationObserver>());
        return services;
    }

    private static void AddFibreCafeKciReceiverCore(this IServiceCollection services, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(KciEndpoint)))
        {
            return; // registered already; a second call only adds configuration
        }

        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, KciDurableStoreGuard>());
        services.AddOptions<FibreCafeKciOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FibreCafeKciOptions>>(
            sp => new FibreCafeKciOptionsValidator(sectionPath, sp.GetService<IHostEnvironment>()));

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<KciReceiverMetrics>();
        services.TryAddSingleton<IKciInbox, InMemoryKciInbox>();
        services.TryAddSingleton<ICancellationLedger, InMemoryCancellationLedger>();
        services.TryAddSingleton<ICancellationRequestStore, InMemoryCancellationRequestStore>();
        services.TryAddSingleton<InMemoryNotifications>();
        services.TryAddSingleton<IEventSubscriptionStore, InMemoryEventSubscriptionStore>();
        services.TryAddSingleton<INotificationOutbox, InMemoryNotificationOutbox>();
        services.TryAddSingleton<CancellationRequestKciLink>();
        services.TryAddSingleton<KciDispatchSignal>();
        services.TryAddSingleton<IKciReplayer, KciReplayer>();
        services.TryAddSingleton<KciEntryProcessor>();
        services.TryAddSingleton<BearerTokenCheck>();
        services.TryAddSingleton(sp => new KciCredentialValidator(
            sp.GetRequiredService<IOptionsMonitor<FibreCafeKciOptions>>(),
            sp.GetRequiredService<BasicCredentialHashes>(),
            sp.GetRequiredService<BearerTokenCheck>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IHostEnvironment>()));
        services.TryAddSingleton<KciRequestAuthenticator>();
        services.TryAddSingleton<BasicCredentialHashes>();
        services.TryAddSingleton<KciEndpoint>();
        services.AddHostedService<KciDispatcher>();
        services.AddHealthChecks().AddCheck<KciStoreHealthCheck>(HealthCheckName, tags: ["fibrecafe", "kci"]);

        // Named schemes and no default scheme: the host's own authentication is left as it was.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(KciAuthenticationSchemes.Basic, null)
            .AddScheme<AuthenticationSchemeOptions, CertificateAuthenticationHandler>(KciAuthenticationSchemes.Certificate, null)
            .AddJwtBearer(KciAuthenticationSchemes.Bearer);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, KciJwtBearerOptionsSetup>());
    }
}
