using System.Collections.Concurrent;
using FibreCafe.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FibreCafe.Client.Tests.NamedClients;

/// <summary>
/// Two named clients, <c>brand-a</c> and <c>brand-b</c>, bound from the sections <c>Tenants:BrandA</c> and
/// <c>Tenants:BrandB</c>, each pointed at a sandbox of its own (its own port, client id and secret, and first id:
/// 1000 for A, 5000 for B, so an answer says which gateway gave it). A handler added to each name's builder records
/// what that name sent. On dispose, no log line may show a client secret or any token either sandbox issued.
/// </summary>
internal sealed class TwoBrands : IAsyncDisposable
{
    public const string A = "brand-a";
    public const string B = "brand-b";
    public const string SectionA = "Tenants:BrandA";
    public const string SectionB = "Tenants:BrandB";
    public const long FirstIdA = 1000;
    public const long FirstIdB = 5000;

    private TwoBrands(FibreCafeSandbox sandboxA, FibreCafeSandbox sandboxB, IConfiguration configuration)
    {
        SandboxA = sandboxA;
        SandboxB = sandboxB;
        Configuration = configuration;
    }

    public FibreCafeSandbox SandboxA { get; }

    public FibreCafeSandbox SandboxB { get; }

    public IConfiguration Configuration { get; }

    public ServiceCollection Collection { get; } = new();

    public ServiceProvider Services { get; private set; } = null!;

    public FakeLogCollector Logs { get; } = new();

    public IHttpClientBuilder BuilderA { get; private set; } = null!;

    public IHttpClientBuilder BuilderB { get; private set; } = null!;

    /// <summary>Gets what brand-a's gateway HttpClient sent: the address and the Authorization header of each request.</summary>
    public ConcurrentQueue<SentRequest> SentByA { get; } = new();

    /// <summary>Gets what brand-b's gateway HttpClient sent.</summary>
    public ConcurrentQueue<SentRequest> SentByB { get; } = new();

    /// <summary>Starts both sandboxes and builds the provider.</summary>
    /// <param name="settings">Extra configuration keys, e.g. <c>Tenants:BrandA:Resilience:MaxAttempts</c>.</param>
    /// <param name="services">More registrations, made after the two named clients (an unnamed client, a consumer).</param>
    public static TwoBrands Start(IDictionary<string, string?>? settings = null, Action<TwoBrands, IServiceCollection>? services = null)
    {
        var sandboxA = FibreCafeSandbox.Start(o =>
        {
            o.ClientId = "brand-a-client";
            o.ClientSecret = "brand-a-secret-5d0c7f3e";
            o.FirstId = FirstIdA;
        });
        var sandboxB = FibreCafeSandbox.Start(o =>
        {
            o.ClientId = "brand-b-client";
            o.ClientSecret = "brand-b-secret-91c2aa04";
            o.FirstId = FirstIdB;
        });
        var keys = new Dictionary<string, string?>(sandboxA.ClientConfiguration(SectionA));
        foreach (var (key, value) in sandboxB.ClientConfiguration(SectionB))
        {
            keys[key] = value;
        }

        foreach (var section in new[] { SectionA, SectionB })
        {
            keys[$"{section}:Resilience:BaseDelay"] = "00:00:00.001";
            keys[$"{section}:Resilience:MaxDelay"] = "00:00:00.005";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            keys[key] = value;
        }

        var brands = new TwoBrands(sandboxA, sandboxB, new ConfigurationBuilder().AddInMemoryCollection(keys).Build());
        var collection = brands.Collection;
        collection.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(brands.Logs)));
        brands.BuilderA = collection.AddFibreCafeClient(A, brands.Configuration.GetSection(SectionA))
            .AddHttpMessageHandler(() => new RecordingHandler(brands.SentByA));
        brands.BuilderB = collection.AddFibreCafeClient(B, brands.Configuration.GetSection(SectionB))
            .AddHttpMessageHandler(() => new RecordingHandler(brands.SentByB));
        services?.Invoke(brands, collection);
        brands.Services = collection.BuildServiceProvider();
        return brands;
    }

    public IFibreCafeClient Client(string name) => Services.GetRequiredKeyedService<IFibreCafeClient>(name);

    public static ServiceOrderCancellationRequest Order(long orderId) => new()
    {
        OrderId = orderId,
        ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
        Text = "Delivery too long",
    };

    /// <summary>The bearer tokens the requests carried, without their <c>Bearer </c> prefix.</summary>
    public static IReadOnlySet<string> Tokens(IEnumerable<SentRequest> sent) =>
        sent.Select(s => s.Authorization!["Bearer ".Length..]).ToHashSet(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        try
        {
            var secrets = new[] { SandboxA.Options.ClientSecret, SandboxB.Options.ClientSecret }
                .Concat(Tokens(SentByA)).Concat(Tokens(SentByB)).ToList();
            foreach (var text in Logs.GetSnapshot().SelectMany(ClientHarness.TextsOf).OfType<string>())
            {
                Assert.DoesNotContain(secrets, secret => text.Contains(secret, StringComparison.Ordinal));
            }
        }
        finally
        {
            if (Services is not null)
            {
                await Services.DisposeAsync();
            }

            await SandboxA.DisposeAsync();
            await SandboxB.DisposeAsync();
        }
    }

    internal sealed record SentRequest(Uri Uri, string? Authorization);

    /// <summary>Runs innermost in one name's pipeline (added to its builder) and records each request as it leaves.</summary>
    private sealed class RecordingHandler(ConcurrentQueue<SentRequest> sink) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = request.Headers.NonValidated.TryGetValues("Authorization", out var values) ? values.ToString() : null;
            sink.Enqueue(new SentRequest(request.RequestUri!, authorization));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
