using FibreCafe.Client;
using FibreCafe.Client.Authentication;
using FibreCafe.Client.Call;
using FibreCafe.Client.Correlation;
using FibreCafe.Client.DependencyInjection;
using FibreCafe.Client.Http;
using FibreCafe.Client.Resilience;
using FibreCafe.Client.Serialization;
using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Telemetry;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Fibre Cafe client: one unnamed client, and any number of named ones (one per tenant or brand).</summary>
public static class FibreCafeClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFibreCafeClient"/> and <see cref="IFibreCafeTenantApi"/>, configured from a
    /// section (usually <c>FibreCafe</c>) with the keys <c>BaseAddress</c>, <c>TokenEndpoint</c>,
    /// <c>ClientId</c>, <c>ClientSecret</c>, <c>Scope</c> and <c>Resilience:*</c>. Options are validated on start;
    /// each failure names its key under <c>FibreCafe:</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>The builder of the gateway's HttpClient, to add handlers of your own (they run innermost).</returns>
    public static IHttpClientBuilder AddFibreCafeClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var registration = services.AddFibreCafeClientCore(Options.Options.DefaultName, configurationPath: null);
        services.AddOptions<FibreCafeClientOptions>().Bind(configuration);
        return registration.Builder!;
    }

    /// <summary>Registers <see cref="IFibreCafeClient"/> and <see cref="IFibreCafeTenantApi"/>, configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the gateway's HttpClient, to add handlers of your own (they run innermost).</returns>
    public static IHttpClientBuilder AddFibreCafeClient(this IServiceCollection services, Action<FibreCafeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var registration = services.AddFibreCafeClientCore(Options.Options.DefaultName, configurationPath: null);
        services.Configure(configure);
        return registration.Builder!;
    }

    /// <summary>
    /// Registers a named client, for one tenant or brand of several in the process, configured from a section with the
    /// same keys as the unnamed client's. It has its own gateway and token endpoint HttpClients, token cache (a token is
    /// never sent by another name), retry and circuit breaker; its activities and measurements carry
    /// <see cref="FibreCafeDiagnostics.ClientNameTag"/>. Resolve it as <c>[FromKeyedServices(name)] IFibreCafeClient</c>
    /// (or <see cref="IFibreCafeTenantApi"/>), or through <see cref="IFibreCafeClientFactory"/>. Its options are validated
    /// on start, each failure naming its key under the section's path, e.g. <c>Tenants:BrandA:ClientSecret is required.</c>
    /// Registering a name again adds configuration to it, as <c>AddHttpClient</c> does.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name: the service key and the options name. Not empty or white space.</param>
    /// <param name="configuration">The configuration section, e.g. <c>configuration.GetSection("Tenants:BrandA")</c>.</param>
    /// <returns>The builder of this name's gateway HttpClient, to add handlers of your own (they run innermost).</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    public static IHttpClientBuilder AddFibreCafeClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        var registration = services.AddFibreCafeClientCore(name, (configuration as IConfigurationSection)?.Path);
        services.AddOptions<FibreCafeClientOptions>(name).Bind(configuration);
        return registration.Builder!;
    }

    /// <summary>
    /// Registers a named client configured in code; see <see cref="AddFibreCafeClient(IServiceCollection, string, IConfiguration)"/>.
    /// Validation messages name its keys under its name, e.g. <c>brand-a:ClientSecret is required.</c>, unless it is
    /// also bound from a section.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name: the service key and the options name. Not empty or white space.</param>
    /// <param name="configure">Sets the options of this name.</param>
    /// <returns>The builder of this name's gateway HttpClient, to add handlers of your own (they run innermost).</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    public static IHttpClientBuilder AddFibreCafeClient(this IServiceCollection services, string name, Action<FibreCafeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var registration = services.AddFibreCafeClientCore(name, configurationPath: null);
        services.Configure(name, configure);
        return registration.Builder!;
    }

    /// <summary>
    /// Adds the services every client shares (once per collection) and those of <paramref name="name"/> (once per name:
    /// registering it again only updates its configuration path, so that no handler or pipeline is added twice).
    /// </summary>
    private static FibreCafeClientRegistration AddFibreCafeClientCore(this IServiceCollection services, string name, string? configurationPath)
    {
        var registry = FibreCafeClientRegistry.Of(services, out var added);
        if (added)
        {
            services.AddSharedServices(registry);
        }

        if (!registry.TryGet(name, out var registration))
        {
            registration = registry.Add(name);
            services.AddClientServices(registration);
        }

        if (configurationPath is not null && !registration.IsDefault)
        {
            registration.ConfigurationPath = configurationPath;
        }

        return registration;
    }

    private static void AddSharedServices(this IServiceCollection services, FibreCafeClientRegistry registry)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FibreCafeClientOptions>, FibreCafeClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<FibreCafeClientMetrics>();
        services.TryAddSingleton<TimeoutTokenSourcePool>();
        services.TryAddSingleton<RequestUriCache>();
        services.TryAddSingleton(_ => new SettingsFor<IFibreCafeTenantApi>(
            new RefitSettings(new FibreCafeContentSerializer(FibreCafeJsonContext.Default.Options))
            {
                RequestBodySerialization = RequestBodySerializationMode.Buffered,
            }));
        services.TryAddTransient<IFibreCafeClientFactory, FibreCafeClientFactory>();
        services.PostConfigure<TelemetryOptions>(telemetry => LowerRetrySeverity(telemetry, registry));
    }

    /// <summary>Everything of one client: its context, token client and cache, HttpClients, pipeline and facade.</summary>
    private static void AddClientServices(this IServiceCollection services, FibreCafeClientRegistration registration)
    {
        var name = registration.Name;
        services.AddOptions<FibreCafeClientOptions>(name).ValidateOnStart();
        services.AddKeyedSingleton(name, (sp, _) => new FibreCafeClientContext(
            registration, sp.GetRequiredService<IOptionsMonitor<FibreCafeClientOptions>>(), sp.GetRequiredService<FibreCafeClientMetrics>()));
        // A token client and a cache of its own per name: a token fetched for one client is never used by another,
        // even one with the same token endpoint, client id and scope.
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var timeProvider = sp.GetRequiredService<TimeProvider>();
            return new ClientCredentialsTokenClient(
                ContextOf(sp, name),
                sp.GetRequiredService<IHttpClientFactory>(),
                new AccessTokenCache(timeProvider, sp.GetRequiredService<ILogger<AccessTokenCache>>()),
                timeProvider,
                sp.GetRequiredService<ILogger<ClientCredentialsTokenClient>>());
        });

        // The factory's default loggers put raw header values (Basic credentials, bearer tokens) into the
        // structured state of their Trace records even when the message is redacted, so they are removed;
        // the client logs each call itself. Add your own with IHttpClientBuilder.AddLogger if needed.
        services.AddHttpClient(registration.TokenHttpClientName)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(static (primary, _) => RedirectRefusal.Disable(primary))
            .AddHttpMessageHandler(sp => new TokenEndpointAnswerHandler(ContextOf(sp, name)));

        // Order matters: the first handler added is the outermost (see IFibreCafeClient's remarks).
        var builder = services
            .AddGatewayClient(registration)
            .ConfigureHttpClient((sp, http) =>
            {
                http.BaseAddress = ContextOf(sp, name).Options.BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan; // the handlers own every timeout
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp => new CallHandler(
                ContextOf(sp, name),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<TimeoutTokenSourcePool>(),
                sp.GetRequiredService<RequestUriCache>(),
                sp.GetRequiredService<ILoggerFactory>()));
        builder.AddResilienceHandler(registration.PipelineName, (pipeline, context) =>
        {
            var client = ContextOf(context.ServiceProvider, name);
            FibreCafeResiliencePipeline.Configure(
                pipeline,
                client.Options.Resilience,
                context.ServiceProvider.GetRequiredService<TimeProvider>(),
                client.Metrics,
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FibreCafeResiliencePipeline)));
        });
        registration.Builder = builder.AddHttpMessageHandler(sp => new AttemptHandler(
            ContextOf(sp, name),
            sp.GetRequiredKeyedService<ClientCredentialsTokenClient>(name),
            sp.GetRequiredService<TimeoutTokenSourcePool>(),
            sp.GetRequiredService<ILogger<AttemptHandler>>(),
            sp.GetRequiredService<ILoggerFactory>()));

        if (registration.IsDefault)
        {
            services.TryAddTransient<IFibreCafeClient, FibreCafeClient>();
        }
        else
        {
            services.AddKeyedTransient<IFibreCafeClient>(name, static (sp, key) => new FibreCafeClient(
                sp.GetRequiredKeyedService<IFibreCafeTenantApi>(key),
                sp.GetServices<IFibreCafeCancellationObserver>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FibreCafeClient>>()));
        }
    }

    private static FibreCafeClientContext ContextOf(IServiceProvider services, string name) =>
        services.GetRequiredKeyedService<FibreCafeClientContext>(name);

    /// <summary>
    /// Registers the source-generated Refit client as <c>AddRefitGeneratedClient</c> does (same HttpClient name, settings
    /// singleton, primary handler and transient typed client), but with settings of the client's own: that method
    /// insists on Refit's own serializer, and <see cref="FibreCafeContentSerializer"/> saves allocations on every call.
    /// Request bodies are serialized up front (<see cref="RequestBodySerializationMode.Buffered"/>): the same bytes,
    /// sent with a <c>Content-Length</c> instead of chunked, without a push-stream wrapper around a lazy JSON content.
    /// The unnamed client's <see cref="IFibreCafeTenantApi"/> is unkeyed; a named client's is keyed by its name.
    /// </summary>
    private static IHttpClientBuilder AddGatewayClient(this IServiceCollection services, FibreCafeClientRegistration registration)
    {
        var builder = services
            .AddHttpClient(registration.GatewayHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new HttpClientHandler { AllowAutoRedirect = false });
        if (registration.IsDefault)
        {
            return builder.AddTypedClient<IFibreCafeTenantApi>(static (http, sp) =>
                RestService.ForGenerated<IFibreCafeTenantApi>(http, sp.GetRequiredService<SettingsFor<IFibreCafeTenantApi>>().Settings!));
        }

        var httpClientName = registration.GatewayHttpClientName;
        services.AddKeyedTransient<IFibreCafeTenantApi>(registration.Name, (sp, _) => RestService.ForGenerated<IFibreCafeTenantApi>(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName),
            sp.GetRequiredService<SettingsFor<IFibreCafeTenantApi>>().Settings!));
        return builder;
    }

    // Polly logs handled outcomes and retries at Warning; an automatic retry is routine, so the retry and timeout
    // events of the clients' pipelines go to Information and each attempt to Debug. Other pipelines of the
    // application keep their levels.
    private static void LowerRetrySeverity(TelemetryOptions telemetry, FibreCafeClientRegistry registry)
    {
        var previous = telemetry.SeverityProvider;
        telemetry.SeverityProvider = args =>
            !registry.IsClientPipeline(args.Source.PipelineName)
                ? previous?.Invoke(args) ?? args.Event.Severity
                : args.Event.EventName switch
                {
                    "ExecutionAttempt" => ResilienceEventSeverity.Debug,
                    "OnRetry" or "OnTimeout" => ResilienceEventSeverity.Information,
                    _ => previous?.Invoke(args) ?? args.Event.Severity,
                };
    }
}
