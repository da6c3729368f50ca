using FibreCafe.Operations;
using FibreCafe.Operations.Api;
using FibreCafe.Operations.DependencyInjection;
using FibreCafe.Operations.Security;
using FibreCafe.Operations.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the operations page.</summary>
public static class FibreCafeOperationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <c>MapFibreCafeOperations</c> serves, with options bound from <paramref name="configuration"/>
    /// (the <c>FibreCafe:Operations</c> section) and validated on start. The page reads the receiver's stores: call
    /// <c>AddFibreCafeKciReceiver(...)</c> with a store, and <c>AddFibreCafeCancellationRequests(...)</c> for the
    /// request actions. Antiforgery and authorization are registered too; the policies are the host's to add.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>FibreCafe:Operations</c> section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFibreCafeOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services).Configure<FibreCafeOperationsOptions>(configuration);
        return services;
    }

    /// <summary>Registers the operations page with options set in code (see the other overload).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFibreCafeOperations(this IServiceCollection services, Action<FibreCafeOperationsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services).Configure(configure);
        return services;
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(OperationsRegistration)))
        {
            return services;
        }

        services.AddSingleton<OperationsRegistration>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddAntiforgery();
        services.AddAuthorization();
        services.AddSingleton<OperationsAccess>();
        services.AddSingleton<OperationsForms>();
        services.AddSingleton<OperationsStatistics>();
        services.AddSingleton<OperationsLog>();
        services.AddOptions<FibreCafeOperationsOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FibreCafeOperationsOptions>, FibreCafeOperationsOptionsValidator>();
        return services;
    }
}
