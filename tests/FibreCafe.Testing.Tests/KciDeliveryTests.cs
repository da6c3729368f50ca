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
        var delivery = Assert.Single(receiver.Received).RequestMessage!;
        Assert.Equal("conv-321", delivery.Headers!["X-Conversation-ID"].Single());
        Assert.True(Guid.TryParse(delivery.Headers["X-Request-ID"].Single(), out _));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("gateway:kci-password")), delivery.Headers["Authorization"].Single());
        using var kci = JsonDocument.Parse(delivery.Body!);
        var root = kci.RootElement;
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal("FIBRECO", root.GetProperty("supplier").GetString());
        Assert.Equal(1, root.GetProperty("sequenceNumber").GetInt32());
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

        Assert.Equal([1, 2, 3], sandbox.KciDeliveries.Select(d => d.Attempt));
        Assert.Equal([503, 500, 204], sandbox.KciDeliveries.Select(d => d.Status));
        Assert.Single(sandbox.KciDeliveries.Select(d => d.KciId).Distinct());
        Assert.True(sandbox.KciDeliveries[^1].Acknowledged);
        var requestIds = receiver.Received.Select(r => r.RequestMessage!.Headers!["X-Request-ID"].Single()).ToList();
        Assert.Equal(3, requestIds.Distinct().Count());
        Assert.All(receiver.Received, r => Assert.Equal("Bearer gateway-token", r.RequestMessage!.Headers!["Authorization"].Single()));
        using var kci = JsonDocument.Parse(sandbox.KciDeliveries[0].Body);
        Assert.Equal("SERVICE_PROBLEM", kci.RootElement.GetProperty("entityType").GetString());
        Assert.Equal("COMPLETED", kci.RootElement.GetProperty("serviceProblemCancellation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sequence_numbers_grow_per_entity()
    {
        using var receiver = new ReceiverStub(204);
        await using var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.KciReceiverUrl = receiver.Url;
            o.DefaultKciDelay = TimeSpan.Zero;
        });
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
        Assert.Equal([(1L, 1L), (1L, 2L), (2L, 1L), (1L, 3L)], sequences);
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
        Assert.Single(receiver.Received);
    }
}
