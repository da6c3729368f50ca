using static FibreCafe.Client.Tests.NamedClients.TwoBrands;

namespace FibreCafe.Client.Tests.NamedClients;

public sealed class NamedClientResilienceTests
{
    [Fact]
    public async Task The_breaker_of_one_name_opening_leaves_the_breaker_of_the_other_closed()
    {
        var settings = new Dictionary<string, string?>();
        foreach (var section in new[] { SectionA, SectionB })
        {
            settings[$"{section}:Resilience:MaxAttempts"] = "1";
            settings[$"{section}:Resilience:CircuitBreaker:MinimumThroughput"] = "2";
            settings[$"{section}:Resilience:CircuitBreaker:FailureRatio"] = "0.5";
            settings[$"{section}:Resilience:CircuitBreaker:BreakDuration"] = "00:05:00";
        }

        await using var brands = Start(settings);
        brands.SandboxA.Faults.FailNextCancellations(10);
        await brands.Client(B).CancelServiceOrderAsync(Order(1));

        await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => brands.Client(A).CancelServiceOrderAsync(Order(2)));
        await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => brands.Client(A).CancelServiceOrderAsync(Order(3)));
        var open = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => brands.Client(A).CancelServiceOrderAsync(Order(4)));
        var b = await brands.Client(B).CancelServiceOrderAsync(Order(5));
        var stillOpen = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => brands.Client(A).CancelServiceOrderAsync(Order(6)));

        Assert.Equal("Polly.CircuitBreaker.BrokenCircuitException", open.InnerException?.GetType().FullName);
        Assert.Equal("Polly.CircuitBreaker.BrokenCircuitException", stillOpen.InnerException?.GetType().FullName);
        Assert.Equal(2, brands.SandboxA.CancellationRequests);
        Assert.Equal(FirstIdB + 1, b.Value.Id);
        Assert.Equal(2, brands.SandboxB.CancellationRequests);
    }

    [Fact]
    public async Task Each_name_retries_with_its_own_settings()
    {
        await using var brands = Start(new Dictionary<string, string?>
        {
            [$"{SectionA}:Resilience:MaxAttempts"] = "1",
            [$"{SectionB}:Resilience:MaxAttempts"] = "3",
        });
        brands.SandboxA.Faults.FailNextCancellations(2);
        brands.SandboxB.Faults.FailNextCancellations(2);

        var a = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => brands.Client(A).CancelServiceOrderAsync(Order(1)));
        var b = await brands.Client(B).CancelServiceOrderAsync(Order(2));

        Assert.Equal(503, a.Status);
        Assert.Equal(1, brands.SandboxA.CancellationRequests);
        Assert.Equal(2, b.Value.OrderId);
        Assert.Equal(3, brands.SandboxB.CancellationRequests);
    }
}
