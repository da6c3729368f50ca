using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Tmf641.Hub;
using FibreCafe.Tmf641.Notifications;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FibreCafe.Tmf641;
using FibreCafe.Tmf641.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the TMF641 front door.</summary>
public static class FibreCafeTmf641ServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <c>MapTmf641ServiceOrdering</c> serves, with options bound from <paramref name="configuration"/>
    /// (the <c>FibreCafe:Tmf641</c> section) and validated on start. Cancellations are durable requests: call
    /// <c>AddFibreCafeCancellationRequests(...)</c> and the receiver with a store as well.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>FibreCafe:Tmf641</c> section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFibreCafeTmf641(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services).Configure<Tmf641Options>(configuration);
        return services;
    }

    /// <summary>Registers the TMF641 front door with options set in code (see the other overload).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFibreCafeTmf641(this IServiceCollection services, Action<Tmf641Options> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services).Configure(configure);
        return services;
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Tmf641Registration)))
        {
            return services;
        }

        services.AddSingleton<Tmf641Registration>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Tmf641Routes(sp.GetRequiredService<IOptionsMonitor<Tmf641Options>>(), sp.GetService<IServer>()));
        services.AddSingleton<Tmf641FeedSignal>();
        services.AddSingleton<Tmf641DeliverySignal>();
        services.AddSingleton<Tmf641Notifier>();
        services.AddSingleton<Tmf641RequestFeed>();
        services.AddSingleton<Tmf641Delivery>();
        services.AddHostedService(sp => sp.GetRequiredService<Tmf641RequestFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<Tmf641Delivery>());
        services.AddSingleton<Tmf641NotificationRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<Tmf641NotificationRetention>());
        services.AddKciEventHandler<ServiceOrderStatusChanged, Tmf641KciEvents>();
        services.AddKciEventHandler<ActionRequired, Tmf641KciEvents>();
        services.AddHttpClient(Tmf641Constants.ListenerClientName)
            .RemoveAllLoggers() // a callback's path or query may hold the listener's token: the delivery logs its own lines, without the URL
            .ConfigurePrimaryHttpMessageHandler(sp => ListenerHandler.Create(sp.GetRequiredService<IOptionsMonitor<Tmf641Options>>()));
        services.AddOptions<Tmf641Options>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Tmf641Options>, Tmf641OptionsValidator>();
        services.AddOptions<Tmf641Options>().Validate<IServiceProvider>(
            (_, sp) => sp.GetService<ICancellationRequests>() is not null,
            "The TMF641 API creates durable cancellation requests: call services.AddFibreCafeCancellationRequests(...) and AddFibreCafeKciReceiver(...).Use…Store().");
        return services;
    }
}
