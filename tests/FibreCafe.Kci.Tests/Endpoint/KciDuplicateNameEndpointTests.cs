using System.Net;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Endpoint;

/// <summary>The two bodies of issue 20: validated as one KCI, they used to be stored and dispatched as another.</summary>
public class KciDuplicateNameEndpointTests
{
    [Fact]
    public async Task A_second_sequence_number_in_another_casing_gets_422_and_nothing_is_stored()
    {
        await using var host = await KciTestHost.StartAsync();
        var body = TestKcis.Order(sequenceNumber: 1).ToJsonString()[..^1] + ",\"SequenceNumber\":\"-5\"}";

        using var response = await host.PostAsync(body);

        var messages = await GatewayErrorAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "INVALID_REQUEST");
        Assert.Equal(["sequenceNumber is given more than once (as sequenceNumber and SequenceNumber)."], messages);
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);
        Assert.Null(await host.Inbox.GetEntityStateAsync("PROVIDE_ORDER:12345"));
    }

    [Fact]
    public async Task A_second_entity_id_in_another_casing_gets_422_and_no_event_is_raised()
    {
        await using var host = await KciTestHost.StartAsync();
        var body = TestKcis.Order(orderId: 700042).ToJsonString().Replace("\"id\":700042", "\"id\":700042,\"ID\":\"-7\"", StringComparison.Ordinal);

        using var response = await host.PostAsync(body);

        var messages = await GatewayErrorAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "INVALID_REQUEST");
        Assert.Equal(["entity.id is given more than once (as id and ID)."], messages);
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);

        // A valid KCI afterwards is dispatched normally: the refusal left nothing behind that holds the order.
        using var valid = await host.PostAsync(TestKcis.Order(orderId: 700042).ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, valid.StatusCode);
        await Eventually.HoldsAsync(() => host.Events.Of<ServiceOrderStatusChanged>().Any(e => e.OrderId == 700042), "the valid KCI is dispatched");
        Assert.DoesNotContain(host.Events.All, e => e is ServiceOrderStatusChanged { OrderId: -7 });
    }
}
