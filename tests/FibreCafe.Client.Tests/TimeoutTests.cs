using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

/// <summary>
/// The total and attempt timeouts, enforced by the correlation and attempt handlers around the Polly retry and
/// breaker: the same <c>Polly.Timeout.TimeoutRejectedException</c> Polly's timeout strategy raised, on the injected clock.
/// (Polly v7 is referenced too, for the compatibility test, so Polly's types are named by their full name here.)
/// </summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task The_total_timeout_ends_the_call_with_a_timeout_rejection_and_nothing_is_sent_after_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z", CultureInfo.InvariantCulture));
        await using var h = Create(
            o =>
            {
                o.Resilience.MaxAttempts = 4;
                o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2);
                o.Resilience.TotalTimeout = TimeSpan.FromSeconds(6);
                o.TokenRequestTimeout = TimeSpan.FromSeconds(5);
            },
            s => s.AddSingleton<TimeProvider>(time));
        // The first answer asks for 5 s (within the 6 s budget, so it is retried); the second never comes in time.
        h.StubSequence(OrderPath,
            () => Status(503).WithHeader("Retry-After", "5"),
            () => Json(201, OrderCreatedJson).WithDelay(TimeSpan.FromSeconds(10)));

        using var attempts = new MetricCollector<long>(
            h.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");

        var call = h.Client.CancelServiceOrderAsync(OrderRequest());
        // The first answer arrives in real time: the fake clock moves only once its retry waits on it.
        await TokenTests.Eventually(() => h.Logs.GetSnapshot().Any(r => r.Message.StartsWith("Retrying attempt 2", StringComparison.Ordinal)));
        // Move the fake clock until the retry has started (its back-off waits on that clock), below the total timeout.
        var elapsed = TimeSpan.Zero;
        while (attempts.GetMeasurementSnapshot().EvaluateAsCounter() < 2 && elapsed < TimeSpan.FromSeconds(5.5))
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromMilliseconds(100));
            elapsed += TimeSpan.FromMilliseconds(100);
        }

        Assert.Equal(2, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(6) - elapsed);

        // At once, on the fake clock (the real one is far from 6 s into the call).
        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(3)));

        Assert.Equal(TimeSpan.FromSeconds(6), TimeoutOf(ex.InnerException));
        Assert.Equal("The operation didn't complete within the allowed timeout of '00:00:06'.", ex.InnerException!.Message);
        Assert.True(ex.MayHaveBeenProcessed);
        Assert.Null(ex.Status);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Message == "The call timed out after 6000 ms, retries and waits included.");

        // No attempt after the total timeout, however long the clock runs.
        time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(200);
        Assert.Equal(2, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Single(h.Calls(OrderPath)); // the second answer never came
    }

    [Fact]
    public async Task An_attempt_timeout_is_retried_when_ambiguous_retries_are_allowed()
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.Resilience.RetryAmbiguousFailures = true;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1); // ample for the fast second answer on a busy machine
        });
        h.StubSequence(OrderPath, () => Json(201, OrderCreatedJson).WithDelay(TimeSpan.FromSeconds(5)), () => Json(201, OrderCreatedJson));
        using var attempts = new MetricCollector<long>(
            h.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(234, response.Value.Id);
        Assert.Equal(2, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
        var records = h.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Message == "Attempt 1 timed out after 1000 ms.");
        Assert.Contains(records, r => r.Message.StartsWith("Retrying attempt 2 in", StringComparison.Ordinal)
            && r.Message.EndsWith("after TimeoutRejectedException.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attempt_timeouts_count_as_gateway_failures_for_the_circuit_breaker()
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 1;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
            o.Resilience.CircuitBreaker.FailureRatio = 0.5;
        });
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson).WithDelay(TimeSpan.FromSeconds(3)));

        var first = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));
        var second = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));
        var open = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(TimeSpan.FromMilliseconds(200), TimeoutOf(first.InnerException));
        Assert.Equal(TimeSpan.FromMilliseconds(200), TimeoutOf(second.InnerException));
        Assert.Equal("Polly.CircuitBreaker.BrokenCircuitException", open.InnerException?.GetType().FullName);
        Assert.False(open.MayHaveBeenProcessed);
    }

    [Fact]
    public async Task With_one_attempt_and_no_breaker_the_pipeline_is_empty_and_the_attempt_timeout_still_applies()
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 1;
            o.Resilience.CircuitBreaker.Enabled = false;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
        });
        h.StubSequence(OrderPath, () => Json(201, OrderCreatedJson), () => Json(201, OrderCreatedJson).WithDelay(TimeSpan.FromSeconds(5)));

        var created = await h.Client.CancelServiceOrderAsync(OrderRequest());
        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(234, created.Value.Id);
        Assert.Equal(TimeSpan.FromSeconds(1), TimeoutOf(ex.InnerException));
        Assert.True(ex.MayHaveBeenProcessed);
    }

    [Fact]
    public async Task The_raw_refit_api_gets_the_same_total_timeout()
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.Resilience.RetryAmbiguousFailures = true;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(250);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(400);
            o.TokenRequestTimeout = TimeSpan.FromMilliseconds(300);
        });
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson).WithDelay(TimeSpan.FromSeconds(3)));

        // The first attempt times out at 250 ms and is retried; the total timeout ends the second one at 400 ms.
        using var response = await h.Api.CancelServiceOrderAsync(OrderRequest());

        Assert.False(response.IsSuccessful);
        Assert.True(response.HasRequestError(out var error));
        Assert.Equal(TimeSpan.FromMilliseconds(400), TimeoutOf(error.InnerException));
    }

    /// <summary>The timeout a <c>Polly.Timeout.TimeoutRejectedException</c> reports; fails for any other exception.</summary>
    private static TimeSpan TimeoutOf(Exception? exception)
    {
        Assert.Equal("Polly.Timeout.TimeoutRejectedException", exception?.GetType().FullName);
        return (TimeSpan)exception!.GetType().GetProperty("Timeout")!.GetValue(exception)!;
    }
}
