using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_and_recovers_after_its_break()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = Create(
            o =>
            {
                o.Resilience.MaxAttempts = 1;
                o.Resilience.CircuitBreaker.MinimumThroughput = 2;
                o.Resilience.CircuitBreaker.FailureRatio = 0.5;
                o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
            },
            s => s.AddSingleton<TimeProvider>(time));
        h.StubSequence(OrderPath, () => Status(503), () => Status(503), () => Json(201, OrderCreatedJson));

        await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));
        await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));
        var open = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal("Polly.CircuitBreaker.BrokenCircuitException", open.InnerException?.GetType().FullName);
        Assert.False(open.MayHaveBeenProcessed);
        Assert.Equal(2, h.Calls(OrderPath).Count);

        time.Advance(TimeSpan.FromSeconds(6));
        var recovered = await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(234, recovered.Value.Id);
        Assert.Equal(3, h.Calls(OrderPath).Count);
    }
}
