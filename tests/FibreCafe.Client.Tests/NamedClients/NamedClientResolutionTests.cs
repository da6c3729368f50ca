using FibreCafe.Testing;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using static FibreCafe.Client.Tests.NamedClients.TwoBrands;

namespace FibreCafe.Client.Tests.NamedClients;

public sealed class NamedClientResolutionTests
{
    [Fact]
    public async Task A_keyed_constructor_parameter_gets_the_client_of_its_name()
    {
        await using var brands = Start(services: (_, s) => s.AddTransient<BrandBOrders>());

        var created = await brands.Services.GetRequiredService<BrandBOrders>().CancelAsync(7);

        Assert.Equal(FirstIdB, created.Value.Id);
        Assert.Equal(0, brands.SandboxA.CancellationRequests);
    }

    [Fact]
    public async Task The_keyed_tenant_api_of_a_name_goes_through_that_names_pipeline()
    {
        await using var brands = Start();
        var api = brands.Services.GetRequiredKeyedService<IFibreCafeTenantApi>(A);

        using var response = await api.CancelServiceOrderAsync(Order(3), requestId: "keyed-api-req");

        Assert.True(response.IsSuccessful);
        Assert.Equal(FirstIdA, response.Content!.Id);
        Assert.Equal(1, brands.SandboxA.TokenRequests);
        Assert.Single(brands.SentByA);
    }

    [Fact]
    public async Task The_factory_creates_the_client_of_each_name()
    {
        await using var brands = Start();
        var factory = brands.Services.GetRequiredService<IFibreCafeClientFactory>();

        var a = await factory.CreateClient(A).CancelServiceOrderAsync(Order(1));
        var b = await factory.CreateClient(B).CancelServiceOrderAsync(Order(2));

        Assert.Equal(FirstIdA, a.Value.Id);
        Assert.Equal(FirstIdB, b.Value.Id);
    }

    [Fact]
    public async Task The_factory_refuses_an_unknown_name_and_lists_the_registered_ones()
    {
        await using var brands = Start();
        var factory = brands.Services.GetRequiredService<IFibreCafeClientFactory>();

        var unknown = Assert.Throws<InvalidOperationException>(() => factory.CreateClient("brand-c"));
        var unnamed = Assert.Throws<InvalidOperationException>(() => factory.CreateClient(""));

        Assert.Contains("'brand-c'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Registered: 'brand-a', 'brand-b'.", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Registered: 'brand-a', 'brand-b'.", unnamed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>("name", () => factory.CreateClient(null!));
        Assert.Null(brands.Services.GetService<IFibreCafeClient>());
    }

    [Fact]
    public async Task The_unnamed_client_works_next_to_named_ones_with_its_own_gateway_and_token()
    {
        await using var unnamedSandbox = FibreCafeSandbox.Start(o => o.FirstId = 9000);
        IHttpClientBuilder unnamedBuilder = null!;
        await using var brands = Start(services: (_, s) => unnamedBuilder = s.AddFibreCafeClient(unnamedSandbox.ConfigureClient));
        var factory = brands.Services.GetRequiredService<IFibreCafeClientFactory>();

        var viaInterface = await brands.Services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(Order(1));
        var viaFactory = await factory.CreateClient("").CancelServiceOrderAsync(Order(2));
        using var viaApi = await brands.Services.GetRequiredService<IFibreCafeTenantApi>().CancelServiceOrderAsync(Order(3));
        var named = await brands.Client(A).CancelServiceOrderAsync(Order(4));

        Assert.Equal([9000L, 9001L, 9002L], new[] { viaInterface.Value.Id, viaFactory.Value.Id, viaApi.Content!.Id });
        Assert.Equal(FirstIdA, named.Value.Id);
        Assert.Equal(1, unnamedSandbox.TokenRequests);
        Assert.Equal(1, brands.SandboxA.TokenRequests);
        Assert.Equal(0, brands.SandboxB.TokenRequests);
        // The unnamed client keeps Refit's HttpClient name for the API; the named ones have names of their own.
        Assert.Equal(UniqueName.ForType<IFibreCafeTenantApi>(), unnamedBuilder.Name);
        Assert.Equal(3, new[] { unnamedBuilder.Name, brands.BuilderA.Name, brands.BuilderB.Name }.Distinct().Count());
        var unknown = Assert.Throws<InvalidOperationException>(() => factory.CreateClient("brand-c"));
        Assert.Contains("'brand-a', 'brand-b' and the unnamed client (\"\")", unknown.Message, StringComparison.Ordinal);
    }

    private sealed class BrandBOrders([FromKeyedServices(B)] IFibreCafeClient client)
    {
        public Task<FibreCafeResponse<ServiceOrderCancellation>> CancelAsync(long orderId) => client.CancelServiceOrderAsync(Order(orderId));
    }
}
