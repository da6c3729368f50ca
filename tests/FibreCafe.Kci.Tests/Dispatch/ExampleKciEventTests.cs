using System.Net;
using FibreCafe.Client;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Dispatch;

/// <summary>Every example KCI of contracts/examples/kcis, posted to a receiver, raises its expected events.</summary>
public sealed class ExampleKciEventTests
{
    public static readonly Dictionary<string, string[]> Expected = new()
    {
        ["order-sent-to-supplier.json"] = [nameof(ServiceOrderStatusChanged)],
        ["order-acknowledged.json"] = [nameof(ServiceOrderStatusChanged)],
        ["order-cancellation-pending.json"] = [nameof(ServiceOrderCancellationPending), nameof(ServiceOrderStatusChanged)],
        ["order-cancellation-completed.json"] = [nameof(ServiceOrderCancellationCompleted), nameof(ServiceOrderStatusChanged)],
        ["order-cancellation-rejected.json"] = [nameof(ServiceOrderCancellationRejected), nameof(ServiceOrderStatusChanged)],
        ["order-cancellation-rejected-without-object.json"] = [nameof(ServiceOrderStatusChanged), nameof(ActionRequired)],
        ["order-cancellation-failed-to-send.json"] = [nameof(ServiceOrderCancellationFailedToSend), nameof(ServiceOrderStatusChanged)],
        ["order-reappoint-required.json"] = [nameof(ServiceOrderStatusChanged), nameof(ActionRequired)],
        ["problem-cancellation-completed.json"] = [nameof(ServiceProblemCancellationCompleted), nameof(ServiceProblemStatusChanged)],
        ["problem-error.json"] = [nameof(ServiceProblemStatusChanged), nameof(KciErrorReported)],
        ["unsolicited-cease-created.json"] = [nameof(ServiceOrderStatusChanged), nameof(UnsolicitedCeaseReceived)],
        ["service-test-error.json"] = [nameof(ServiceTestUpdated), nameof(KciErrorReported)],
        ["unknown-entity-type.json"] = [nameof(UnknownKciReceived)],
    };

    public static TheoryData<string> Examples => new(TestKcis.ExampleNames);

    private static async Task<IReadOnlyList<KciEvent>> DispatchAsync(string example, Func<ICancellationLedger, Task>? seed = null)
    {
        await using var host = await KciTestHost.StartAsync();
        if (seed is not null)
        {
            await seed(host.Ledger);
        }

        var body = TestKcis.Example(example);
        using var response = await host.PostAsync(body);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var id = Guid.Parse(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
        await Eventually.ReturnsAsync(async () => await host.Inbox.GetAsync(id) is { Status: KciInboxStatus.Done } e ? e : null, $"{example} dispatched");
        return host.Events.ForKci(id);
    }

    [Fact]
    public void Every_example_has_an_expectation() => Assert.Equal(TestKcis.ExampleNames, Expected.Keys.Order());

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_raises_its_expected_events(string example)
    {
        var events = await DispatchAsync(example);

        Assert.Equal(Expected[example], events.Select(e => e.GetType().Name));
    }

    [Fact]
    public async Task The_rejection_without_an_object_is_linked_to_the_open_cancellation_of_the_ledger()
    {
        var events = await DispatchAsync("order-cancellation-rejected-without-object.json", ledger => ledger.RecordCreatedAsync(new CancellationRecord
        {
            Kind = CancellationKind.ServiceOrder,
            CancellationId = 240,
            TargetId = 12347,
            Status = CancellationStatus.ReceivedByGateway,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        }));

        Assert.Equal([nameof(ServiceOrderCancellationRejected), nameof(ServiceOrderStatusChanged)], events.Select(e => e.GetType().Name));
        var rejected = (ServiceOrderCancellationRejected)events[0];
        Assert.Equal((240L, 12347L), (rejected.CancellationId!.Value, rejected.OrderId));
        Assert.Equal("Cancellation refused: line already live.", rejected.ReasonText);
    }

    [Fact]
    public async Task The_completed_example_carries_the_cancellation_and_its_correlation()
    {
        var completed = Assert.IsType<ServiceOrderCancellationCompleted>((await DispatchAsync("order-cancellation-completed.json"))[0]);

        Assert.Equal((234L, 12345L, 4L, "FIBRECO"), (completed.CancellationId!.Value, completed.OrderId, completed.SequenceNumber, completed.Supplier));
        Assert.Equal("A123X-1", completed.Cancellation!.SupplierReference);
        Assert.Equal(OrderCancellationReasonCode.CustomerChangedMind, completed.Cancellation.ReasonCode);
        Assert.Equal("conversation-1", completed.ConversationId);
    }

    [Fact]
    public async Task The_failed_to_send_example_carries_the_gateway_error()
    {
        var failed = Assert.IsType<ServiceOrderCancellationFailedToSend>((await DispatchAsync("order-cancellation-failed-to-send.json"))[0]);

        Assert.Equal(GatewayErrorCode.SupplierTimedOut, failed.Error!.Code);
        Assert.Equal("8a3138c9-6523-48b9-81bc-5870bdb5972f", failed.Error.Uuid);
        Assert.Equal(KciEntityType.CeaseOrder, failed.EntityType);
    }

    [Fact]
    public async Task The_unsolicited_cease_example_names_the_cease()
    {
        var cease = (await DispatchAsync("unsolicited-cease-created.json")).OfType<UnsolicitedCeaseReceived>().Single();

        Assert.Equal(("FC123", "S12345", "CHANGE_OF_CP", 12345L), (cease.SupplierOrderNumber, cease.ServiceId, cease.Reason, cease.OrderId));
    }
}
