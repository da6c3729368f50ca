using System.Text;
using System.Text.Json;
using FibreCafe.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Testing.Tests;

public sealed class KciDeliveryTests
{
    [Theory]
    [InlineData(FibreCafeSandboxScenarios.CancellationAccepted, "INFORMATIONAL", "information", "CANCELLED", "CANCELLED", "COMPLETED")]
    [InlineData(FibreCafeSandboxScenarios.CancellationRejected, "ACTION_REQUIRED", "action", "RESUBMIT", "IN_PROGRESS", "REJECTED")]
    [InlineData(FibreCafeSandboxScenarios.CancellationPending, "INFORMATIONAL", "information", "UPDATE", "PENDING_CANCELLATION", "PENDING")]
    public async Task Each_scenario_delivers_its_kci_with_the_conversation_id_and_credentials(
        string scenario, string updateType, string detail, string detailType, string entityStatus, string requestStatus)
    {
        using var receiver = new ReceiverStub(204);
        await using var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.KciReceiverUrl = receiver.Url;
            o.KciUsername = "gateway";
            o.KciPassword = "kci-password";
            o.DefaultKciDelay = TimeSpan.Zero;
        });
        using var services = SandboxClientTests.Client(sandbox);

        FibreCafeResponse<ServiceOrderCancellation> created;
        using (FibreCafeTestScenario.Begin(scenario, kciDelay: TimeSpan.Zero))
        {
            created = await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(
                new() { OrderId = 321, ReasonCode = "NO_LONGER_REQUIRED", Supplier = "FIBRECO" }, new FibreCafeCallOptions { ConversationId = "conv-321" });
        }

        await sandbox.WhenKcisDeliveredAsync();

        // The journey: received, pending, then the outcome (the pending scenario stops at pending).
        var journey = receiver.Received.Select(r => JsonDocument.Parse(r.RequestMessage!.Body!).RootElement).ToList();
        Assert.Equal(scenario == FibreCafeSandboxScenarios.CancellationPending ? 2 : 3, journey.Count);
        Assert.Equal(Enumerable.Range(1, journey.Count), journey.Select(k => k.GetProperty("sequenceNumber").GetInt32()));
        Assert.Equal("RECEIVED_BY_GATEWAY", journey[0].GetProperty("serviceOrderCancellation").GetProperty("status").GetString());
        Assert.Equal(("PENDING_CANCELLATION", "PENDING"), (journey[1].GetProperty("entity").GetProperty("status").GetString(), journey[1].GetProperty("serviceOrderCancellation").GetProperty("status").GetString()));
        Assert.All(receiver.Received, r => Assert.Equal("conv-321", r.RequestMessage!.Headers!["X-Conversation-ID"].Single()));
        var delivery = receiver.Received[^1].RequestMessage!;
        Assert.True(Guid.TryParse(delivery.Headers!["X-Request-ID"].Single(), out _));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("gateway:kci-password")), delivery.Headers["Authorization"].Single());
        using var kci = JsonDocument.Parse(delivery.Body!);
        var root = kci.RootElement;
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal("FIBRECO", root.GetProperty("supplier").GetString());
        Assert.Equal(journey.Count, root.GetProperty("sequenceNumber").GetInt32());
        Assert.Equal(updateType, root.GetProperty("updateType").GetString());
        Assert.Equal(detailType, root.GetProperty(detail).GetProperty("type").GetString());
        Assert.Equal("PROVIDE_ORDER", root.GetProperty("entityType").GetString());
        Assert.Equal(321, root.GetProperty("entity").GetProperty("id").GetInt64());
        Assert.Equal(entityStatus, root.GetProperty("entity").GetProperty("status").GetString());
        var request = root.GetProperty("serviceOrderCancellation");
        Assert.Equal(created.Value.Id, request.GetProperty("id").GetInt64());
        Assert.Equal(requestStatus, request.GetProperty("status").GetString());
        Assert.Equal("NO_LONGER_REQUIRED", request.GetProperty("reasonCode").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("deliveredOn").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task A_failing_receiver_gets_the_same_kci_again_until_it_acknowledges()
    {
        using var receiver = new ReceiverStub(503, 500, 204);
        await using var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.KciReceiverUrl = receiver.Url;
            o.KciBearerToken = "gateway-token";
            o.DefaultKciDelay = TimeSpan.Zero;
            o.KciRedeliveryDelay = TimeSpan.FromMilliseconds(10);
        });
        using var services = SandboxClientTests.Client(sandbox);

        await services.GetRequiredService<IFibreCafeClient>().CancelServiceProblemAsync(new() { ServiceProblemId = 44, ReasonCode = "ISSUE_RESOLVED" });
        await sandbox.WhenKcisDeliveredAsync();

        // The first KCI of the journey meets the failures, and the later ones wait for it; each ends acknowledged.
        var first = sandbox.KciDeliveries.Where(d => d.KciId == sandbox.KciDeliveries[0].KciId).ToList();
        Assert.Equal([1, 2, 3], first.Select(d => d.Attempt));
        Assert.Equal([503, 500, 204], first.Select(d => d.Status));
        Assert.Equal(3, sandbox.KciDeliveries.Select(d => d.KciId).Distinct().Count());
        Assert.All(sandbox.KciDeliveries.GroupBy(d => d.KciId), g => Assert.True(g.Last().Acknowledged));
        Assert.True(sandbox.KciDeliveries.Skip(3).First().Body.Contains("\"sequenceNumber\":2", StringComparison.Ordinal));
        var requestIds = receiver.Received.Select(r => r.RequestMessage!.Headers!["X-Request-ID"].Single()).ToList();
        Assert.Equal(requestIds.Count, requestIds.Distinct().Count());
        Assert.All(receiver.Received, r => Assert.Equal("Bearer gateway-token", r.RequestMessage!.Headers!["Authorization"].Single()));
        using var kci = JsonDocument.Parse(sandbox.KciDeliveries[^1].Body);
        Assert.Equal("SERVICE_PROBLEM", kci.RootElement.GetProperty("entityType").GetString());
        Assert.Equal("COMPLETED", kci.RootElement.GetProperty("serviceProblemCancellation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sequence_numbers_grow_per_entity_across_its_cancellations()
    {
        using var receiver = new ReceiverStub(204);
        await using var sandbox = DeliveringAtOnceTo(receiver);
        using var services = SandboxClientTests.Client(sandbox);
        var client = services.GetRequiredService<IFibreCafeClient>();

        foreach (var orderId in new long[] { 1, 1, 2, 1 })
        {
            await client.CancelServiceOrderAsync(new() { OrderId = orderId, ReasonCode = "OTHER" });
            await sandbox.WhenKcisDeliveredAsync();
        }

        var sequences = sandbox.KciDeliveries
            .Select(d => JsonDocument.Parse(d.Body).RootElement)
            .Select(k => (k.GetProperty("entity").GetProperty("id").GetInt64(), k.GetProperty("sequenceNumber").GetInt64()));
        Assert.Equal(
            [(1L, 1L), (1L, 2L), (1L, 3L), (1L, 4L), (1L, 5L), (1L, 6L), (2L, 1L), (2L, 2L), (2L, 3L), (1L, 7L), (1L, 8L), (1L, 9L)],
            sequences);
    }

    [Fact]
    public async Task The_kci_delay_header_holds_delivery_back()
    {
        using var receiver = new ReceiverStub(204);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = FibreCafeSandbox.Start(o => o.KciReceiverUrl = receiver.Url, time);
        using var services = SandboxClientTests.Client(sandbox);

        using (FibreCafeTestScenario.Begin(FibreCafeSandboxScenarios.CancellationAccepted, TimeSpan.FromSeconds(30)))
        {
            await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 5, ReasonCode = "OTHER" });
        }

        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        Assert.Empty(receiver.Received);
        time.Advance(TimeSpan.FromSeconds(1));
        await sandbox.WhenKcisDeliveredAsync();
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task A_cancellation_processed_but_answered_500_still_gets_its_kcis()
    {
        using var receiver = new ReceiverStub(204);
        await using var sandbox = DeliveringAtOnceTo(receiver);
        using var services = SandboxClientTests.Client(sandbox, o => o.Resilience.MaxAttempts = 1);
        sandbox.Faults.ProcessNextCancellationsButFail(1);

        var error = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(
            new() { OrderId = 9, ReasonCode = "OTHER" }, new FibreCafeCallOptions { ConversationId = "conv-9" }));
        await sandbox.WhenKcisDeliveredAsync();

        Assert.Equal(500, error.Status);
        Assert.True(error.MayHaveBeenProcessed);
        Assert.Equal(3, receiver.Received.Count);
        var outcome = JsonDocument.Parse(receiver.Received[^1].RequestMessage!.Body!).RootElement;
        Assert.Equal(sandbox.Options.FirstId, outcome.GetProperty("serviceOrderCancellation").GetProperty("id").GetInt64()); // the id was taken
        Assert.Equal("COMPLETED", outcome.GetProperty("serviceOrderCancellation").GetProperty("status").GetString());
        await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 10, ReasonCode = "OTHER" }); // once only
    }

    [Fact]
    public async Task Duplicated_delivery_sends_each_kci_twice_with_the_same_id()
    {
        using var receiver = new ReceiverStub(204);
        await using var sandbox = DeliveringAtOnceTo(receiver);
        using var services = SandboxClientTests.Client(sandbox);
        sandbox.Faults.DuplicateKcis = true;

        await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 3, ReasonCode = "OTHER" });
        await sandbox.WhenKcisDeliveredAsync();

        var ids = sandbox.KciDeliveries.Select(d => d.KciId).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.Where((_, i) => i % 2 == 0), ids.Where((_, i) => i % 2 == 1));
    }

    [Fact]
    public async Task Reordered_delivery_sends_the_journey_newest_first_with_its_sequence_numbers()
    {
        using var receiver = new ReceiverStub(204);
        await using var sandbox = DeliveringAtOnceTo(receiver);
        using var services = SandboxClientTests.Client(sandbox);
        sandbox.Faults.ReorderKcis = true;

        await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 4, ReasonCode = "OTHER" });
        await sandbox.WhenKcisDeliveredAsync();

        var kcis = sandbox.KciDeliveries.Select(d => JsonDocument.Parse(d.Body).RootElement).ToList();
        Assert.Equal([3L, 2L, 1L], kcis.Select(k => k.GetProperty("sequenceNumber").GetInt64()));
        Assert.Equal(["COMPLETED", "PENDING", "RECEIVED_BY_GATEWAY"], kcis.Select(k => k.GetProperty("serviceOrderCancellation").GetProperty("status").GetString()));
        sandbox.Faults.Reset();
        Assert.False(sandbox.Faults.ReorderKcis);
    }

    /// <summary>A sandbox that delivers its KCIs to <paramref name="receiver"/> with no delay.</summary>
    private static FibreCafeSandbox DeliveringAtOnceTo(ReceiverStub receiver) => FibreCafeSandbox.Start(o =>
    {
        o.KciReceiverUrl = receiver.Url;
        o.DefaultKciDelay = TimeSpan.Zero;
    });
}
