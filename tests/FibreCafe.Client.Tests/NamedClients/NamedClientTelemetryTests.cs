using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FibreCafe.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using static FibreCafe.Client.Tests.NamedClients.TwoBrands;

namespace FibreCafe.Client.Tests.NamedClients;

public sealed class NamedClientTelemetryTests
{
    [Fact]
    public async Task The_call_and_attempt_activities_of_a_named_client_carry_its_name_and_the_unnamed_clients_none()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = TelemetryTests.Listen(activities);
        await using var unnamedSandbox = FibreCafeSandbox.Start();
        await using var brands = Start(services: (_, s) => s.AddFibreCafeClient(unnamedSandbox.ConfigureClient));

        await brands.Client(A).CancelServiceOrderAsync(Order(1), new FibreCafeCallOptions { RequestId = "named-telemetry-a" });
        await brands.Client(B).CancelServiceOrderAsync(Order(2), new FibreCafeCallOptions { RequestId = "named-telemetry-b" });
        await brands.Services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(Order(3), new FibreCafeCallOptions { RequestId = "named-telemetry-u" });

        var ofA = Of(activities, "named-telemetry-a");
        Assert.Equal([ActivityKind.Internal, ActivityKind.Client], ofA.Select(a => a.Kind).Order());
        Assert.All(ofA, a => Assert.Equal(A, a.GetTagItem(FibreCafeDiagnostics.ClientNameTag)));
        var ofB = Of(activities, "named-telemetry-b");
        Assert.Equal(2, ofB.Count);
        Assert.All(ofB, a => Assert.Equal(B, a.GetTagItem(FibreCafeDiagnostics.ClientNameTag)));
        var ofUnnamed = Of(activities, "named-telemetry-u");
        Assert.Equal(2, ofUnnamed.Count);
        Assert.All(ofUnnamed, a => Assert.Null(a.GetTagItem(FibreCafeDiagnostics.ClientNameTag)));
    }

    [Fact]
    public async Task The_client_metrics_of_a_named_client_carry_its_name()
    {
        await using var unnamedSandbox = FibreCafeSandbox.Start();
        await using var brands = Start(services: (_, s) => s.AddFibreCafeClient(unnamedSandbox.ConfigureClient));
        var meters = brands.Services.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.requests");
        using var tokens = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.token_requests");
        using var failures = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.failures");
        using var retries = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.retries");
        brands.SandboxB.Faults.FailNextCancellations(1, 503);

        await brands.Client(A).CancelServiceOrderAsync(Order(1));
        await brands.Client(A).CancelServiceOrderAsync(Order(2));
        await brands.Client(B).CancelServiceOrderAsync(Order(3));
        await brands.Services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(Order(4));
        brands.SandboxB.Faults.FailNextCancellations(1, 422);
        await Assert.ThrowsAsync<FibreCafeInvalidRequestException>(() => brands.Client(B).CancelServiceOrderAsync(Order(5)));

        Assert.Equal(new Dictionary<string, long> { [A] = 2, [B] = 2, ["(none)"] = 1 }, ByName(requests));
        Assert.Equal(new Dictionary<string, long> { [A] = 1, [B] = 1, ["(none)"] = 1 }, ByName(tokens));
        Assert.Equal(new Dictionary<string, long> { [B] = 1 }, ByName(retries));
        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal(B, failure.Tags[FibreCafeDiagnostics.ClientNameTag]);
        Assert.Equal(422, failure.Tags[FibreCafeDiagnostics.StatusCodeTag]);
    }

    [Fact]
    public async Task A_named_clients_retries_are_logged_below_warning_within_a_scope_naming_the_client()
    {
        await using var brands = Start();
        brands.SandboxA.Faults.FailNextCancellations(2, 503);

        var response = await brands.Client(A).CancelServiceOrderAsync(Order(1));

        var records = brands.Logs.GetSnapshot();
        Assert.Equal(2, records.Count(r => r.Message.StartsWith("Retrying attempt", StringComparison.Ordinal)));
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Warning);
        var completed = Assert.Single(records, r => r.Message.Contains("answered 201 after 3 attempt(s)", StringComparison.Ordinal));
        Assert.Contains(completed.Scopes, s => s?.ToString() is { } scope
            && scope.Contains($"client {A} ", StringComparison.Ordinal) && scope.Contains(response.RequestId, StringComparison.Ordinal));
    }

    private static Dictionary<string, long> ByName(MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot()
            .GroupBy(m => m.Tags.TryGetValue(FibreCafeDiagnostics.ClientNameTag, out var name) ? (string)name! : "(none)")
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

    private static List<Activity> Of(IEnumerable<Activity> activities, string requestId) =>
        activities.Where(a => Equals(a.GetTagItem(FibreCafeDiagnostics.RequestIdTag), requestId)).ToList();
}
