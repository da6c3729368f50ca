using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static FibreCafe.Client.Tests.NamedClients.TwoBrands;

namespace FibreCafe.Client.Tests.NamedClients;

public sealed class NamedClientOptionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Tenants:BrandA:BaseAddress"] = "https://cvt.fibregateway.com/v1",
        ["Tenants:BrandA:ClientId"] = "brand-a",
        ["Tenants:BrandA:ClientSecret"] = "brand-a-secret-value",
        ["Tenants:BrandB:BaseAddress"] = "https://prod.fibregateway.com/v1",
        ["Tenants:BrandB:ClientId"] = "brand-b",
        ["Tenants:BrandB:ClientSecret"] = "brand-b-secret-value",
        ["FibreCafe:BaseAddress"] = "https://cvt.fibregateway.com/v1",
        ["FibreCafe:ClientId"] = "unnamed",
        ["FibreCafe:ClientSecret"] = "unnamed-secret-value",
    };

    [Fact]
    public void Each_name_binds_its_own_section()
    {
        using var provider = Provider(Valid, withUnnamed: true);
        var monitor = provider.GetRequiredService<IOptionsMonitor<FibreCafeClientOptions>>();

        Assert.Equal("brand-a", monitor.Get(A).ClientId);
        Assert.Equal(new Uri("https://prod.fibregateway.com/v1/auth/tenant/access-token"), monitor.Get(B).GetEffectiveTokenEndpoint());
        Assert.Equal("unnamed", provider.GetRequiredService<IOptions<FibreCafeClientOptions>>().Value.ClientId);
    }

    [Fact]
    public async Task A_named_clients_validation_names_its_keys_under_the_path_of_its_section()
    {
        var settings = new Dictionary<string, string?>(Valid)
        {
            ["Tenants:BrandA:ClientSecret"] = null,
            ["Tenants:BrandA:Resilience:AttemptTimeout"] = "00:02:00",
            ["Tenants:BrandA:MaxResponseBodyBytes"] = "10",
        };

        var message = await StartFailure(settings);

        Assert.Contains("Tenants:BrandA:ClientSecret is required.", message, StringComparison.Ordinal);
        Assert.Contains("Tenants:BrandA:Resilience:AttemptTimeout (00:02:00) must be below TotalTimeout (00:01:00)", message, StringComparison.Ordinal);
        Assert.Contains("Tenants:BrandA:MaxResponseBodyBytes must be 1024 to 67108864 bytes (was 10)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("FibreCafe:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tenants:BrandB", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_registered_name_is_validated_on_start_and_the_unnamed_client_keeps_FibreCafe_keys()
    {
        var settings = new Dictionary<string, string?>(Valid)
        {
            ["Tenants:BrandB:Resilience:MaxAttempts"] = "0",
            ["FibreCafe:ClientId"] = null,
        };

        var message = await StartFailure(settings, withUnnamed: true);

        Assert.Contains("Tenants:BrandB:Resilience:MaxAttempts must be 1 to 20 (was 0)", message, StringComparison.Ordinal);
        Assert.Contains("FibreCafe:ClientId is required.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tenants:BrandA", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_client_configured_in_code_names_its_keys_under_its_name()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFibreCafeClient("brand-c", o =>
        {
            o.BaseAddress = new Uri("http://gateway.example.com/v1");
            o.ClientId = "brand-c";
        });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("brand-c:BaseAddress must use https", ex.Message, StringComparison.Ordinal);
        Assert.Contains("brand-c:ClientSecret is required.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("brand-c", ex.OptionsName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_name_is_refused(string name)
    {
        var services = new ServiceCollection();
        var section = new ConfigurationBuilder().AddInMemoryCollection(Valid).Build().GetSection("Tenants:BrandA");

        Assert.Throws<ArgumentException>("name", () => services.AddFibreCafeClient(name, section));
        Assert.Throws<ArgumentException>("name", () => services.AddFibreCafeClient(name, _ => { }));
        Assert.Throws<ArgumentNullException>("name", () => services.AddFibreCafeClient((string)null!, _ => { }));
        Assert.Empty(services);
    }

    [Fact]
    public async Task Registering_a_name_twice_adds_configuration_without_adding_handlers_or_services()
    {
        await using var brands = Start(services: (b, s) =>
        {
            var again = s.AddFibreCafeClient(A, o => o.Scope = "com.fibregateway.TEST/tenant.all.all");
            Assert.Equal(b.BuilderA.Name, again.Name);
        });
        var meters = brands.Services.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.requests");
        using var attempts = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");

        var created = await brands.Client(A).CancelServiceOrderAsync(Order(1));

        // Both configurations apply: the section's address and credentials, and the scope set in code.
        var options = brands.Services.GetRequiredService<IOptionsMonitor<FibreCafeClientOptions>>().Get(A);
        Assert.Equal("com.fibregateway.TEST/tenant.all.all", options.Scope);
        Assert.Equal(brands.SandboxA.BaseAddress, options.BaseAddress);
        Assert.Equal(FirstIdA, created.Value.Id);
        // One call handler and one attempt handler: a second of either would count twice.
        Assert.Equal(1, requests.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Single(brands.SentByA);
        Assert.Single(brands.Collection, d => d.IsKeyedService && Equals(d.ServiceKey, A) && d.ServiceType == typeof(IFibreCafeClient));
    }

    [Fact]
    public async Task Registering_the_unnamed_client_twice_adds_its_handlers_once()
    {
        await using var sandbox = FibreCafe.Testing.FibreCafeSandbox.Start();
        var services = new ServiceCollection();
        var first = services.AddFibreCafeClient(sandbox.ConfigureClient);
        var second = services.AddFibreCafeClient(o => o.Resilience.MaxAttempts = 2);
        await using var provider = services.BuildServiceProvider();
        using var attempts = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");

        var created = await provider.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(Order(1));

        Assert.Equal(first.Name, second.Name);
        Assert.Equal(1, created.Value.OrderId);
        Assert.Equal(1, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, provider.GetRequiredService<IOptions<FibreCafeClientOptions>>().Value.Resilience.MaxAttempts);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings, bool withUnnamed = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        Register(services, configuration, withUnnamed);
        return services.BuildServiceProvider();
    }

    private static async Task<string> StartFailure(Dictionary<string, string?> settings, bool withUnnamed = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        Register(builder.Services, builder.Configuration, withUnnamed);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        // One failing name throws its OptionsValidationException; several, an AggregateException of them.
        var failures = ex is AggregateException aggregate ? aggregate.InnerExceptions : [ex];
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
        return string.Join("\n", failures.Select(f => f.Message));
    }

    private static void Register(IServiceCollection services, IConfiguration configuration, bool withUnnamed)
    {
        services.AddFibreCafeClient(A, configuration.GetSection(SectionA));
        services.AddFibreCafeClient(B, configuration.GetSection(SectionB));
        if (withUnnamed)
        {
            services.AddFibreCafeClient(configuration.GetSection("FibreCafe"));
        }
    }
}
