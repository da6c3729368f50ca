using FibreCafe.Client;
using FibreCafe.Client.Authentication;
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

/// <summary>Registers the Fibre Cafe client.</summary>
public static class FibreCafeClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFibreCafeClient"/> and <see cref="IFibreCafeTenantApi"/>, configured from a
    /// section (usually <c>FibreCafe</c>) with the keys <c>BaseAddress</c>, <c>TokenEndpoint</c>,
    /// <c>ClientId</c>, <c>ClientSecret</c>, <c>Scope</c> and <c>Resilience:*</c>. Options are validated on start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>The builder of the gateway's HttpClient, to add handlers of your own (they run innermost).</returns>
    public static IHttpClientBuilder AddFibreCafeClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddFibreCafeClientCore();
        services.AddOptions<FibreCafeClientOptions>().Bind(configuration);
        return builder;
    }

    /// <summary>Registers <see cref="IFibreCafeClient"/> and <see cref="IFibreCafeTenantApi"/>, configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the gateway's HttpClient, to add handlers of your own (they run innermost).</returns>
    public static IHttpClientBuilder AddFibreCafeClient(this IServiceCollection services, Action<FibreCafeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddFibreCafeClientCore();
        services.Configure(configure);
        return builder;
    }

    private static IHttpClientBuilder AddFibreCafeClientCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FibreCafeClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FibreCafeClientOptions>, FibreCafeClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<FibreCafeClientMetrics>();
        services.TryAddSingleton<AccessTokenCache>();
        services.TryAddSingleton<ClientCredentialsTokenClient>();
        services.TryAddSingleton<TimeoutTokenSourcePool>();
        services.TryAddSingleton<RequestUriCache>();
        services.TryAddTransient<CorrelationHandler>();
        services.TryAddTransient<AttemptHandler>();
        services.TryAddTransient<IFibreCafeClient, FibreCafeClient>();
        // The factory's default loggers put raw header values (Basic credentials, bearer tokens) into the
        // structured state of their Trace records even when the message is redacted, so they are removed;
        // the client logs each call itself. Add your own with IHttpClientBuilder.AddLogger if needed.
        services.TryAddTransient<TokenEndpointAnswerHandler>();
        services.AddHttpClient(ClientCredentialsTokenClient.HttpClientName)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(static (primary, _) => RedirectRefusal.Disable(primary))
            .AddHttpMessageHandler<TokenEndpointAnswerHandler>();
        services.PostConfigure<TelemetryOptions>(LowerRetrySeverity);

        // Order matters: the first handler added is the outermost (see README, "Pipeline").
        var builder = services
            .AddGeneratedTenantApi()
            .ConfigureHttpClient((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<FibreCafeClientOptions>>().Value.BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns every timeout
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler<CorrelationHandler>();
        builder.AddResilienceHandler(FibreCafeResiliencePipeline.Name, (pipeline, context) =>
            FibreCafeResiliencePipeline.Configure(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<FibreCafeClientOptions>>().Value.Resilience,
                context.ServiceProvider.GetRequiredService<TimeProvider>(),
                context.ServiceProvider.GetRequiredService<FibreCafeClientMetrics>(),
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FibreCafeResiliencePipeline))));
        return builder.AddHttpMessageHandler<AttemptHandler>();
    }

    /// <summary>
    /// Registers the source-generated Refit client as <c>AddRefitGeneratedClient</c> does (same HttpClient name, settings
    /// singleton, primary handler and transient typed client), but with settings of the client's own: that method
    /// insists on Refit's own serializer, and <see cref="FibreCafeContentSerializer"/> saves allocations on every call.
    /// Request bodies are serialized up front (<see cref="RequestBodySerializationMode.Buffered"/>): the same bytes,
    /// sent with a <c>Content-Length</c> instead of chunked, without a push-stream wrapper around a lazy JSON content.
    /// </summary>
    private static IHttpClientBuilder AddGeneratedTenantApi(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => new SettingsFor<IFibreCafeTenantApi>(
            new RefitSettings(new FibreCafeContentSerializer(FibreCafeJsonContext.Default.Options))
            {
                RequestBodySerialization = RequestBodySerializationMode.Buffered,
            }));
        return services
            .AddHttpClient(UniqueName.ForType<IFibreCafeTenantApi>())
            .ConfigurePrimaryHttpMessageHandler(static () => new HttpClientHandler { AllowAutoRedirect = false })
            .AddTypedClient<IFibreCafeTenantApi>(static (http, sp) =>
                RestService.ForGenerated<IFibreCafeTenantApi>(http, sp.GetRequiredService<SettingsFor<IFibreCafeTenantApi>>().Settings!));
    }

    // Polly logs handled outcomes and retries at Warning; an automatic retry is routine, so this
    // pipeline's retry and timeout events go to Information and each attempt to Debug. Other pipelines
    // of the application keep their levels.
    private static void LowerRetrySeverity(TelemetryOptions telemetry)
    {
        var previous = telemetry.SeverityProvider;
        telemetry.SeverityProvider = args =>
            args.Source.PipelineName?.EndsWith(FibreCafeResiliencePipeline.Name, StringComparison.Ordinal) != true
                ? previous?.Invoke(args) ?? args.Event.Severity
                : args.Event.EventName switch
                {
                    "ExecutionAttempt" => ResilienceEventSeverity.Debug,
                    "OnRetry" or "OnTimeout" => ResilienceEventSeverity.Information,
                    _ => previous?.Invoke(args) ?? args.Event.Severity,
                };
    }
}
