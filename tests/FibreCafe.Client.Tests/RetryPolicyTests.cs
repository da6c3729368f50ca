using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(400, 1, typeof(FibreCafeInvalidRequestException))]
    [InlineData(401, 2, typeof(FibreCafeAuthenticationException))] // one renewal, never a retry
    [InlineData(403, 1, typeof(FibreCafeForbiddenException))]
    [InlineData(404, 1, typeof(FibreCafeApiException))]
    [InlineData(408, 3, typeof(FibreCafeUnavailableException))]
    [InlineData(409, 1, typeof(FibreCafeApiException))]
    [InlineData(422, 1, typeof(FibreCafeInvalidRequestException))]
    [InlineData(429, 3, typeof(FibreCafeUnavailableException))]
    [InlineData(500, 1, typeof(FibreCafeUnavailableException))] // ambiguous: the gateway may have acted
    [InlineData(501, 1, typeof(FibreCafeUnavailableException))]
    [InlineData(502, 3, typeof(FibreCafeUnavailableException))]
    [InlineData(503, 3, typeof(FibreCafeUnavailableException))]
    [InlineData(504, 3, typeof(FibreCafeUnavailableException))]
    public async Task Each_status_is_retried_as_the_policy_says(int status, int expectedCalls, Type expected)
    {
        await using var h = Create(o => o.Resilience.MaxAttempts = 3);
        h.Stub(OrderPath, () => Status(status));

        var ex = await Assert.ThrowsAsync(expected, () => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(status, ((FibreCafeApiException)ex).Status);
        Assert.Equal(expectedCalls, h.Calls(OrderPath).Count);
    }

    [Fact]
    public async Task A_500_is_retried_only_when_the_caller_opts_in_to_ambiguous_retries()
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.Resilience.RetryAmbiguousFailures = true;
        });
        h.StubSequence(OrderPath, () => Error(500, "GATEWAY_FAULT"), () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(234, response.Value.Id);
        Assert.Equal(2, h.Calls(OrderPath).Count);
    }

    [Fact]
    public async Task A_refused_connection_never_reached_the_gateway_so_it_is_retried()
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.TokenEndpoint = new Uri(o.BaseAddress + "/auth/tenant/access-token");
            o.BaseAddress = new Uri($"http://127.0.0.1:{ClosedPort()}/v1");
        });
        using var attempts = new MetricCollector<long>(
            h.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Null(ex.Status);
        Assert.False(ex.MayHaveBeenProcessed);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(3, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 3)]
    public async Task A_connection_dropped_after_sending_is_ambiguous(bool optIn, int expectedCalls)
    {
        using var dropping = new DroppingServer();
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.Resilience.RetryAmbiguousFailures = optIn;
            o.TokenEndpoint = new Uri(o.BaseAddress + "/auth/tenant/access-token");
            o.BaseAddress = dropping.BaseAddress;
        });

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.True(ex.MayHaveBeenProcessed);
        Assert.Null(ex.Status);
        Assert.Equal(expectedCalls, dropping.Requests);
    }

    [Fact]
    public async Task An_attempt_timeout_after_sending_is_ambiguous_and_not_retried_by_default()
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        });
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson).WithDelay(TimeSpan.FromSeconds(3)));
        using var attempts = new MetricCollector<long>(
            h.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal("Polly.Timeout.TimeoutRejectedException", ex.InnerException?.GetType().FullName);
        Assert.True(ex.MayHaveBeenProcessed);
        Assert.Equal(1, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_honoured()
    {
        await using var h = Create(o => o.Resilience.MaxAttempts = 2);
        h.StubSequence(OrderPath, () => Status(503).WithHeader("Retry-After", "1"), () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(2, h.Calls(OrderPath).Count);
        Assert.Equal(1000, RetryDelays(h).Single());
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_honoured()
    {
        await using var h = Create(o => o.Resilience.MaxAttempts = 2);
        var date = DateTimeOffset.UtcNow.AddSeconds(2).ToString("r", CultureInfo.InvariantCulture);
        h.StubSequence(OrderPath, () => Status(429).WithHeader("Retry-After", date), () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(2, h.Calls(OrderPath).Count);
        Assert.InRange(RetryDelays(h).Single(), 500, 2000); // the back-off alone would be about 1 ms
    }

    [Theory]
    [InlineData(503, "120")]
    [InlineData(429, "3600")]
    public async Task A_Retry_After_beyond_the_total_timeout_fails_at_once(int status, string retryAfter)
    {
        await using var h = Create(o =>
        {
            o.Resilience.MaxAttempts = 4;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(30);
            o.TokenRequestTimeout = TimeSpan.FromSeconds(20);
        });
        h.Stub(OrderPath, () => Status(status).WithHeader("Retry-After", retryAfter));

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(TimeSpan.FromSeconds(int.Parse(retryAfter, CultureInfo.InvariantCulture)), ex.RetryAfter);
        Assert.Single(h.Calls(OrderPath));
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Message.StartsWith("Not retrying: the gateway asked to wait", StringComparison.Ordinal));
    }

    private static List<double> RetryDelays(ClientHarness h) =>
        h.Logs.GetSnapshot()
            .Where(r => r.Message.StartsWith("Retrying attempt", StringComparison.Ordinal))
            .Select(r => double.Parse(r.GetStructuredStateValue("DelayMs")!, CultureInfo.InvariantCulture))
            .ToList();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
