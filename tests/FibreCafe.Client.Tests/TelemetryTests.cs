using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task A_call_and_each_of_its_attempts_are_activities_with_the_correlation_tags()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = Listen(activities);
        await using var h = Create();
        h.StubSequence(OrderPath, () => Status(503), () => Error(422, "INVALID_REQUEST"));

        var ex = await Assert.ThrowsAsync<FibreCafeInvalidRequestException>(() => h.Client.CancelServiceOrderAsync(
            OrderRequest(), new FibreCafeCallOptions { RequestId = "telemetry-req", ConversationId = "telemetry-conv" }));

        var mine = activities.Where(a => Equals(a.GetTagItem(FibreCafeDiagnostics.RequestIdTag), "telemetry-req")).ToList();
        var call = Assert.Single(mine, a => a.Kind == ActivityKind.Internal);
        Assert.Equal("telemetry-conv", call.GetTagItem(FibreCafeDiagnostics.ConversationIdTag));
        Assert.Equal(422, call.GetTagItem(FibreCafeDiagnostics.StatusCodeTag));
        Assert.Equal("INVALID_REQUEST", call.GetTagItem(FibreCafeDiagnostics.ErrorCodeTag));
        Assert.Equal(2, call.GetTagItem(FibreCafeDiagnostics.AttemptTag));
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        var attempts = mine.Where(a => a.Kind == ActivityKind.Client).OrderBy(a => (int)a.GetTagItem(FibreCafeDiagnostics.AttemptTag)!).ToList();
        Assert.Equal([1, 2], attempts.Select(a => (int)a.GetTagItem(FibreCafeDiagnostics.AttemptTag)!));
        Assert.Equal([503, 422], attempts.Select(a => (int)a.GetTagItem(FibreCafeDiagnostics.StatusCodeTag)!));
        Assert.All(attempts, a => Assert.Equal(call.SpanId, a.ParentSpanId));
        Assert.Equal("telemetry-req", ex.RequestId);
    }

    [Fact]
    public async Task The_meter_counts_requests_attempts_retries_token_requests_and_failures()
    {
        await using var h = Create();
        h.StubSequence(OrderPath, () => Status(503), () => Json(201, OrderCreatedJson), () => Error(400, "MALFORMED_REQUEST"));
        var meters = h.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var requests = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.requests");
        using var attempts = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");
        using var retries = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.retries");
        using var tokens = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.token_requests");
        using var failures = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.failures");

        await h.Client.CancelServiceOrderAsync(OrderRequest());
        await Assert.ThrowsAsync<FibreCafeInvalidRequestException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(2, requests.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(3, attempts.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, retries.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, tokens.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, failures.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Automatic_retries_are_logged_below_warning_and_log_lines_carry_the_correlation_scope()
    {
        await using var h = Create();
        h.StubSequence(OrderPath, () => Status(503), () => Status(502), () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        var records = h.Logs.GetSnapshot();
        Assert.Equal(2, records.Count(r => r.Message.StartsWith("Retrying attempt", StringComparison.Ordinal)));
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Warning);
        var completed = Assert.Single(records, r => r.Message.Contains("answered 201 after 3 attempt(s)", StringComparison.Ordinal));
        Assert.Contains(completed.Scopes, s => s?.ToString()?.Contains(response.RequestId, StringComparison.Ordinal) == true
            && s.ToString()!.Contains(response.ConversationId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_call_and_renewal_lines_are_logged_under_the_categories_log_filters_name()
    {
        await using var h = Create();
        h.StubSequence(OrderPath, () => Status(401), () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());

        var records = h.Logs.GetSnapshot();
        Assert.Equal("FibreCafe.Client.Correlation.CorrelationHandler",
            Assert.Single(records, r => r.Message.Contains("answered 201 after 1 attempt(s)", StringComparison.Ordinal)).Category);
        Assert.Equal("FibreCafe.Client.Authentication.UnauthorizedRenewalHandler",
            Assert.Single(records, r => r.Message.StartsWith("The gateway answered 401", StringComparison.Ordinal)).Category);
    }

    internal static ActivityListener Listen(ConcurrentQueue<Activity> sink)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FibreCafeDiagnostics.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = sink.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
