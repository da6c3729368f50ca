using FibreCafe.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FibreCafe.Client.Tests.NamedClients.TwoBrands;

namespace FibreCafe.Client.Tests.NamedClients;

public sealed class NamedClientRoutingTests
{
    [Fact]
    public async Task Two_names_with_their_own_base_address_and_client_id_each_reach_their_own_gateway()
    {
        await using var brands = Start();

        var a = await brands.Client(A).CancelServiceOrderAsync(Order(1));
        var b = await brands.Client(B).CancelServiceOrderAsync(Order(2));

        Assert.Equal(FirstIdA, a.Value.Id);
        Assert.Equal(FirstIdB, b.Value.Id);
        Assert.Equal(1, brands.SandboxA.CancellationRequests);
        Assert.Equal(1, brands.SandboxB.CancellationRequests);
        Assert.All(brands.SentByA, s => Assert.Equal(brands.SandboxA.BaseAddress.Authority, s.Uri.Authority));
        Assert.All(brands.SentByB, s => Assert.Equal(brands.SandboxB.BaseAddress.Authority, s.Uri.Authority));
    }

    [Fact]
    public async Task Each_name_fetches_its_own_token_and_never_sends_the_token_of_the_other()
    {
        await using var brands = Start();

        await brands.Client(A).CancelServiceOrderAsync(Order(1));
        await brands.Client(B).CancelServiceOrderAsync(Order(2));
        await brands.Client(A).CancelServiceOrderAsync(Order(3));
        await brands.Client(B).CancelServiceOrderAsync(Order(4));

        // One token request per sandbox: each sandbox accepts only its own client id and secret.
        Assert.Equal(1, brands.SandboxA.TokenRequests);
        Assert.Equal(1, brands.SandboxB.TokenRequests);
        // Two sends per name: a foreign token would have drawn a 401 and a renewed resend.
        Assert.Equal(2, brands.SentByA.Count);
        Assert.Equal(2, brands.SentByB.Count);
        var tokenOfA = Assert.Single(Tokens(brands.SentByA));
        var tokenOfB = Assert.Single(Tokens(brands.SentByB));
        Assert.NotEqual(tokenOfA, tokenOfB);
    }

    [Fact]
    public async Task Two_names_with_the_same_token_endpoint_client_id_and_scope_still_fetch_a_token_each()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        var sentByFirst = new List<string?>();
        var sentBySecond = new List<string?>();
        var services = new ServiceCollection();
        services.AddFibreCafeClient("first", o => { sandbox.ConfigureClient(o); o.Scope = "com.fibregateway.TEST/tenant.all.all"; })
            .AddHttpMessageHandler(() => new AuthorizationSpy(sentByFirst));
        services.AddFibreCafeClient("second", o => { sandbox.ConfigureClient(o); o.Scope = "com.fibregateway.TEST/tenant.all.all"; })
            .AddHttpMessageHandler(() => new AuthorizationSpy(sentBySecond));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IFibreCafeClient>("first").CancelServiceOrderAsync(Order(1));
        await provider.GetRequiredKeyedService<IFibreCafeClient>("second").CancelServiceOrderAsync(Order(2));
        await provider.GetRequiredKeyedService<IFibreCafeClient>("first").CancelServiceOrderAsync(Order(3));

        // The cache key (endpoint, client id, scope) is the same for both: only the name keeps them apart.
        Assert.Equal(2, sandbox.TokenRequests);
        Assert.Equal(2, sentByFirst.Count);
        Assert.Single(sentByFirst.Distinct());
        Assert.DoesNotContain(Assert.Single(sentBySecond), sentByFirst);
    }

    [Fact]
    public async Task Handlers_added_to_one_names_builder_run_for_that_name_only()
    {
        await using var brands = Start();

        await brands.Client(A).CancelServiceOrderAsync(Order(1));

        Assert.Single(brands.SentByA);
        Assert.Empty(brands.SentByB);
        Assert.NotEqual(brands.BuilderA.Name, brands.BuilderB.Name);
    }

    private sealed class AuthorizationSpy(List<string?> sink) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (sink)
            {
                sink.Add(request.Headers.NonValidated.TryGetValues("Authorization", out var values) ? values.ToString() : null);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
