using System.Diagnostics;
using System.Diagnostics.Metrics;
using FibreCafe.Kci;
using FibreCafe.Requests.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Requests.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Without_the_receivers_store_the_host_does_not_start_and_says_what_to_add()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFibreCafeClient(o =>
        {
            o.BaseAddress = new Uri("https://gateway.example");
            o.TokenEndpoint = new Uri("https://gateway.example/token");
            o.ClientId = "id";
            o.ClientSecret = "secret";
        });
        builder.Services.AddFibreCafeCancellationRequests(_ => { });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("AddFibreCafeKciReceiver(...).UseSqliteStore()", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PollInterval", "00:00:00")]
    [InlineData("LeaseDuration", "00:00:01")]
    [InlineData("MaxConcurrentSends", "0")]
    [InlineData("ClaimBatchSize", "5000")]
    [InlineData("RetryMaxDelay", "00:00:00.500")]
    public void Bad_options_are_refused_naming_the_key(string key, string value)
    {
        var property = typeof(CancellationRequestsOptions).GetProperty(key)!;
        object parsed = property.PropertyType == typeof(int)
            ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var services = new ServiceCollection().AddFibreCafeCancellationRequests(o => property.SetValue(o, parsed)).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CancellationRequestsOptions>>().Value);

        Assert.Contains($"FibreCafe:Requests:{key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_the_named_constants_and_pass_validation()
    {
        var services = new ServiceCollection().AddFibreCafeCancellationRequests(_ => { }).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<CancellationRequestsOptions>>().Value;

        Assert.Equal(
            (CancellationRequestsConstants.DefaultPollInterval, CancellationRequestsConstants.DefaultLeaseDuration, CancellationRequestsConstants.DefaultReconcileWindow, CancellationRequestsConstants.DefaultMaxTransientFailures),
            (options.PollInterval, options.LeaseDuration, options.ReconcileWindow, options.MaxTransientFailures));
    }

    [Fact]
    public async Task Each_attempt_has_an_activity_linked_to_its_submission_and_the_counters_count()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CancellationRequestsDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await RequestsHost.StartAsync();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var submitted = new MetricCollector<long>(meters, CancellationRequestsDiagnostics.MeterName, CancellationRequestsDiagnostics.SubmittedCounter);
        using var sent = new MetricCollector<long>(meters, CancellationRequestsDiagnostics.MeterName, CancellationRequestsDiagnostics.SentCounter);
        using var delay = new MetricCollector<double>(meters, CancellationRequestsDiagnostics.MeterName, CancellationRequestsDiagnostics.SendDelayHistogram);
        host.Sandbox.Faults.FailNextCancellations(1, 503);

        var request = await host.Requests.SubmitAsync(Cancellations.Order());
        await host.RunAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.RunAsync();

        Activity[] seen;
        lock (activities)
        {
            seen = [.. activities];
        }

        // The listener hears every test running at the same time: this test's activities are those of its submission's trace.
        var submit = Assert.Single(seen, a => a.OperationName == "CancellationRequest.Submit" && a.Id == request.TraceParent);
        var attempts = seen.Where(a => a.OperationName == "CancellationRequest.Send" && a.Links.Any(l => l.Context.TraceId == submit.TraceId)).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.NotEqual(submit.TraceId, a.TraceId)); // linked, not parented: an attempt may run days later
        Assert.Equal(["transient", "created"], attempts.Select(a => (string)a.GetTagItem("fibrecafe.request.outcome")!));
        Assert.Equal(1, submitted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(["transient", "created"], sent.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
        Assert.Equal([0d, 3d], delay.GetMeasurementSnapshot().Select(m => m.Value)); // the retry was due 2 s in, taken 5 s in
    }

    [Fact]
    public async Task A_submission_in_the_callers_transaction_commits_or_rolls_back_with_it()
    {
        await using var host = await RequestsHost.StartAsync(sqlite: true);
        await host.Store.GetStatisticsAsync(); // the schema exists before the caller opens its own connection

        await using (var connection = new SqliteConnection($"Data Source={host.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using (var rolledBack = (SqliteTransaction)await connection.BeginTransactionAsync())
            {
                await host.Requests.SubmitInTransactionAsync(Cancellations.Order(1), rolledBack);
                await rolledBack.RollbackAsync();
            }

            await using var committed = (SqliteTransaction)await connection.BeginTransactionAsync();
            var request = await host.Requests.SubmitInTransactionAsync(Cancellations.Order(2) with { IdempotencyKey = "outbox-2" }, committed);
            await committed.CommitAsync();
            Assert.Equal(1, request.Number);
        }

        var page = await host.Requests.ListAsync(new CancellationRequestQuery());
        Assert.Equal(2L, Assert.Single(page.Items).TargetId);
        Assert.Equal(1, await host.RunAsync());
    }

    [Fact]
    public async Task The_in_memory_store_refuses_a_transaction_it_cannot_share()
    {
        await using var host = await RequestsHost.StartAsync();
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Requests.SubmitInTransactionAsync(Cancellations.Order(), transaction));
    }
}
