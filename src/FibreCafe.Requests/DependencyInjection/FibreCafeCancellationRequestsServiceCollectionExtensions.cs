using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Requests.DependencyInjection;
using FibreCafe.Requests.Health;
using FibreCafe.Requests.Processing;
using FibreCafe.Requests.Retention;
using FibreCafe.Requests.Submission;
using FibreCafe.Requests.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers durable cancellation requests.</summary>
public static class FibreCafeCancellationRequestsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICancellationRequests"/>, the processing run, its health check and the retention of ended
    /// requests, with options bound from <paramref name="configuration"/> (the <c>FibreCafe:Requests</c> section).
    /// Requests are kept in the store chosen on <c>AddFibreCafeKciReceiver(...)</c> (<c>UseSqliteStore()</c>,
    /// <c>UsePostgreSqlStore()</c>) and sent with the default <see cref="IFibreCafeClient"/>; every cancellation created
    /// is also recorded in the cancellation ledger.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>FibreCafe:Requests</c> section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFibreCafeCancellationRequests(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services).Configure<CancellationRequestsOptions>(configuration);
        return services;
    }

    /// <summary>Registers durable cancellation requests with options set in code (see the other overload).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFibreCafeCancellationRequests(this IServiceCollection services, Action<CancellationRequestsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services).Configure(configure);
        return services;
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(CancellationProcessingSignal)))
        {
            return services; // registered already; a second call only adds configuration
        }

        services.AddOptions<CancellationRequestsOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CancellationRequestsOptions>, CancellationRequestsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddFibreCafeCancellationLedger();
        services.TryAddSingleton<RequestsTelemetry>();
        services.TryAddSingleton<CancellationProcessingSignal>();
        services.TryAddSingleton(sp => new CancellationRequestService(
            Store(sp), sp.GetRequiredService<CancellationProcessingSignal>(), sp.GetRequiredService<RequestsTelemetry>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CancellationRequestService>>()));
        services.TryAddSingleton<ICancellationRequests>(sp => sp.GetRequiredService<CancellationRequestService>());
        services.TryAddSingleton(sp => new CancellationSender(
            Store(sp), sp.GetRequiredService<IFibreCafeClient>(), sp.GetServices<ICancellationAttemptScope>(), sp.GetRequiredService<RequestsTelemetry>(),
            sp.GetRequiredService<ILogger<CancellationSender>>()));
        services.TryAddSingleton(sp => new CancellationProcessingRun(
            Store(sp), sp.GetRequiredService<CancellationSender>(), sp.GetRequiredService<CancellationProcessingSignal>(),
            sp.GetRequiredService<IOptionsMonitor<CancellationRequestsOptions>>(), sp.GetRequiredService<RequestsTelemetry>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CancellationProcessingRun>>()));
        services.AddSingleton<IHostedService>(sp => new ProcessingRunHost(sp));
        services.AddHostedService(sp => new CancellationRequestRetention(
            Store(sp), sp.GetRequiredService<IOptionsMonitor<CancellationRequestsOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CancellationRequestRetention>>()));
        services.AddHealthChecks().Add(new Diagnostics.HealthChecks.HealthCheckRegistration(
            CancellationRequestsConstants.HealthCheckName,
            sp => new CancellationRequestsHealthCheck(Store(sp), sp.GetRequiredService<IOptionsMonitor<CancellationRequestsOptions>>()),
            failureStatus: null,
            tags: ["fibrecafe", "requests"]));
        return services;
    }

    // The store is the receiver's: without AddFibreCafeKciReceiver there is none, and saying so beats DI's message.
    private static ICancellationRequestStore Store(IServiceProvider services) =>
        services.GetService<ICancellationRequestStore>() ?? throw new InvalidOperationException(
            "Durable cancellation requests need a store, and the KCIs that follow them need the receiver: call "
            + "AddFibreCafeKciReceiver(...).UseSqliteStore() (or .UsePostgreSqlStore(), or .UseInMemoryStore() for tests) "
            + "beside AddFibreCafeCancellationRequests(...).");

    /// <summary>Starts the processing run unless <see cref="CancellationRequestsOptions.ProcessingEnabled"/> is off (a host that only submits).</summary>
    private sealed class ProcessingRunHost(IServiceProvider services) : IHostedService
    {
        private CancellationProcessingRun? _run;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!services.GetRequiredService<IOptions<CancellationRequestsOptions>>().Value.ProcessingEnabled)
            {
                _ = Store(services); // still refuse a host without a store at start, not at the first submission
                return Task.CompletedTask;
            }

            _run = services.GetRequiredService<CancellationProcessingRun>();
            return _run.StartAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => _run?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }
}
