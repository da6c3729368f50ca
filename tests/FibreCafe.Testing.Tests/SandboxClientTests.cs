using FibreCafe.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Testing.Tests;

public sealed class SandboxClientTests
{
    [Fact]
    public async Task The_client_cancels_an_order_and_a_problem_on_the_sandbox_with_gateway_style_ids()
    {
        await using var sandbox = FibreCafeSandbox.Start(o => o.FirstId = 500);
        using var services = Client(sandbox);
        var client = services.GetRequiredService<IFibreCafeClient>();

        var order = await client.CancelServiceOrderAsync(new() { OrderId = 123, ReasonCode = OrderCancellationReasonCode.CustomerChangedMind });
        var problem = await client.CancelServiceProblemAsync(new() { ServiceProblemId = 9, ReasonCode = ProblemCancellationReasonCode.IssueResolved, Text = "fixed" });

        Assert.Equal(500, order.Value.Id);
        Assert.Equal("SBX-500", order.Value.SupplierReference);
        Assert.Equal(CancellationStatus.ReceivedByGateway, order.Value.Status);
        Assert.Equal("SANDBOX_SUPPLIER", order.Value.Supplier);
        Assert.Equal(123, order.Value.OrderId);
        Assert.Equal(501, problem.Value.Id);
        Assert.Equal("fixed", problem.Value.Text);
        Assert.Equal(1, sandbox.TokenRequests);
    }

    [Fact]
    public async Task Wrong_client_credentials_are_refused_by_the_token_endpoint()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = Client(sandbox, o => o.ClientSecret = "not-the-secret");

        var ex = await Assert.ThrowsAsync<FibreCafeAuthenticationException>(() =>
            services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" }));

        Assert.Equal("invalid_client", ex.OAuthError);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Issued_tokens_expire_and_the_client_renews_after_the_401()
    {
        var sandboxTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = FibreCafeSandbox.Start(o => o.TokenLifetime = TimeSpan.FromMinutes(10), sandboxTime);
        using var services = Client(sandbox);
        var client = services.GetRequiredService<IFibreCafeClient>();
        await client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" });

        sandboxTime.Advance(TimeSpan.FromMinutes(11)); // the sandbox's clock passes the token's expiry; the client's does not
        var second = await client.CancelServiceOrderAsync(new() { OrderId = 2, ReasonCode = "OTHER" });

        Assert.Equal(2, second.Value.OrderId);
        Assert.Equal(2, sandbox.TokenRequests);
    }

    [Fact]
    public async Task Every_listed_reason_code_is_accepted_by_the_sandbox()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = Client(sandbox);
        var client = services.GetRequiredService<IFibreCafeClient>();

        foreach (var code in OrderCancellationReasonCode.KnownValues)
        {
            Assert.Equal(code, (await client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = code })).Value.ReasonCode);
        }
    }

    [Fact]
    public async Task A_503_burst_is_ridden_out_by_the_clients_retries()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = Client(sandbox);
        sandbox.Faults.FailNextCancellations(2);

        var response = await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 7, ReasonCode = "OTHER" });

        Assert.Equal(7, response.Value.OrderId);
        sandbox.Faults.FailNextCancellations(5);
        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() =>
            services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 8, ReasonCode = "OTHER" }));
        Assert.Equal(503, ex.Status);
    }

    [Fact]
    public async Task The_token_endpoint_can_be_taken_down_and_brought_back()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = Client(sandbox);
        var client = services.GetRequiredService<IFibreCafeClient>();
        sandbox.Faults.TokenEndpointDown = true;

        var down = await Assert.ThrowsAsync<FibreCafeAuthenticationException>(() => client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" }));
        sandbox.Faults.Reset();
        var up = await client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" });

        Assert.True(down.IsTransient);
        Assert.Equal(503, down.Status);
        Assert.Equal(1, up.Value.OrderId);
    }

    [Fact]
    public async Task Injected_latency_trips_the_clients_attempt_timeout()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = Client(sandbox, o => o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        var client = services.GetRequiredService<IFibreCafeClient>();
        await client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" });
        sandbox.Faults.Latency = TimeSpan.FromSeconds(2);

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => client.CancelServiceOrderAsync(new() { OrderId = 2, ReasonCode = "OTHER" }));

        Assert.True(ex.MayHaveBeenProcessed);
    }

    internal static ServiceProvider Client(FibreCafeSandbox sandbox, Action<FibreCafeClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddFibreCafeClient(o =>
        {
            sandbox.ConfigureClient(o);
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
            configure?.Invoke(o);
        }).AddFibreCafeTestScenarios();
        return services.BuildServiceProvider();
    }
}
