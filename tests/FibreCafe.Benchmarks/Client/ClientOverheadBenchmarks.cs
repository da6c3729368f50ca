using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using FibreCafe.Benchmarks.Infrastructure;
using FibreCafe.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Benchmarks.Client;

/// <summary>
/// One cancellation POST per operation against the same loopback gateway (another process), sequentially:
/// (a) the floor, a hand-written <see cref="HttpClient"/> + System.Text.Json call sending what the gateway
/// needs (bearer token, X-Request-ID, X-Conversation-ID, JSON body) and reading the 201 body; (b) the full
/// <see cref="IFibreCafeClient"/> with a cached token. Two further rows split (b) into its layers: the same
/// hand-written call through the client's handler pipeline only, and the raw Refit interface on that pipeline.
/// No logging provider and no Activity listener are attached (an application without OpenTelemetry).
/// </summary>
public class ClientOverheadBenchmarks
{
    /// <summary>The variable that carries the gateway's address into BenchmarkDotNet's child process.</summary>
    public const string GatewayVariable = "FIBRECAFE_BENCH_GATEWAY";

    private static readonly ServiceOrderCancellationRequest Request = new()
    {
        Supplier = "DUMMY_SUPPLIER",
        OrderId = 123,
        ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
        Text = "Delivery too long",
    };

    private HttpClient _floor = null!;
    private Uri _orderUri = null!;
    private ServiceProvider _services = null!;
    private IFibreCafeClient _client = null!;
    private ServiceProvider _defaultTokenEndpointServices = null!;
    private IFibreCafeClient _defaultTokenEndpointClient = null!;
    private IFibreCafeTenantApi _api = null!;
    private HttpClient _pipeline = null!;

    /// <summary>
    /// For the commands that time the two sides outside BenchmarkDotNet: the loopback gateway in its own process (the
    /// caller disposes it), both sides set up against it and warmed to tier-1 code by 3,000 calls each.
    /// </summary>
    internal static async Task<(ChildServer Gateway, ClientOverheadBenchmarks Bench)> StartWarmAsync()
    {
        var gateway = ChildServer.Start("serve-gateway");
        Environment.SetEnvironmentVariable(GatewayVariable, gateway.Url.ToString());
        try
        {
            var bench = new ClientOverheadBenchmarks();
            await bench.SetupAsync();
            for (var i = 0; i < 3000; i++)
            {
                await bench.HandWrittenFloor();
                await bench.FullClientCachedToken();
            }

            return (gateway, bench);
        }
        catch
        {
            gateway.Dispose();
            throw;
        }
    }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var gateway = new Uri(Environment.GetEnvironmentVariable(GatewayVariable)
            ?? throw new InvalidOperationException($"{GatewayVariable} is not set: run through 'FibreCafe.Benchmarks client'."));
        _orderUri = new Uri(gateway, LoopbackGateway.OrderPath);
        _floor = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddFibreCafeClient(o =>
        {
            o.BaseAddress = new Uri(gateway, "/v1");
            o.TokenEndpoint = new Uri(gateway, LoopbackGateway.TokenPath);
            o.ClientId = LoopbackGateway.ClientId;
            o.ClientSecret = LoopbackGateway.ClientSecret;
        });
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<IFibreCafeClient>();
        _api = _services.GetRequiredService<IFibreCafeTenantApi>();
        _pipeline = _services.GetRequiredService<IHttpClientFactory>().CreateClient(builder.Name);

        // The same client with TokenEndpoint left to its documented default ({BaseAddress}/auth/tenant/access-token).
        var defaults = new ServiceCollection();
        defaults.AddLogging();
        defaults.AddFibreCafeClient(o =>
        {
            o.BaseAddress = new Uri(gateway, "/v1");
            o.ClientId = LoopbackGateway.ClientId;
            o.ClientSecret = LoopbackGateway.ClientSecret;
        });
        _defaultTokenEndpointServices = defaults.BuildServiceProvider();
        _defaultTokenEndpointClient = _defaultTokenEndpointServices.GetRequiredService<IFibreCafeClient>();

        // Fill the token cache and open the connections before measuring.
        await HandWrittenFloor();
        await FullClientCachedToken();
        await RefitOnPipeline();
        await HandWrittenOnPipeline();
        await FullClientDefaultTokenEndpoint();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _floor.Dispose();
        _pipeline.Dispose();
        await _services.DisposeAsync();
        await _defaultTokenEndpointServices.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "a) floor: HttpClient + STJ")]
    public async Task<long> HandWrittenFloor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _orderUri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LoopbackGateway.AccessToken);
        request.Headers.TryAddWithoutValidation(FibreCafeHeaders.RequestId, Guid.NewGuid().ToString("D"));
        request.Headers.TryAddWithoutValidation(FibreCafeHeaders.ConversationId, Guid.NewGuid().ToString("D"));
        request.Content = JsonContent.Create(Request, BenchJsonContext.Default.ServiceOrderCancellationRequest);
        using var response = await _floor.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The gateway answered {(int)response.StatusCode}.");
        }

        var created = await response.Content.ReadFromJsonAsync(BenchJsonContext.Default.ServiceOrderCancellation);
        return created!.Id;
    }

    [Benchmark(Description = "b) IFibreCafeClient, cached token")]
    public async Task<long> FullClientCachedToken()
    {
        var created = await _client.CancelServiceOrderAsync(Request);
        return created.Value.Id;
    }

    [Benchmark(Description = "b') same, TokenEndpoint left to default")]
    public async Task<long> FullClientDefaultTokenEndpoint()
    {
        var created = await _defaultTokenEndpointClient.CancelServiceOrderAsync(Request);
        return created.Value.Id;
    }

    [Benchmark(Description = "b-layer: Refit IFibreCafeTenantApi")]
    public async Task<long> RefitOnPipeline()
    {
        using var response = await _api.CancelServiceOrderAsync(Request);
        return response.Content!.Id;
    }

    [Benchmark(Description = "b-layer: HttpClient + STJ via handlers")]
    public async Task<long> HandWrittenOnPipeline()
    {
        // Correlation ids and the bearer token come from the client's handlers.
        using var request = new HttpRequestMessage(HttpMethod.Post, _orderUri);
        request.Content = JsonContent.Create(Request, BenchJsonContext.Default.ServiceOrderCancellationRequest);
        using var response = await _pipeline.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The gateway answered {(int)response.StatusCode}.");
        }

        var created = await response.Content.ReadFromJsonAsync(BenchJsonContext.Default.ServiceOrderCancellation);
        return created!.Id;
    }
}
