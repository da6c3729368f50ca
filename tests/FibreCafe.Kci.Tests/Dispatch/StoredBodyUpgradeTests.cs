using System.Text;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Dispatch;

/// <summary>
/// A KCI acknowledged by an earlier version, whose body gives a name twice (refused at the endpoint since issue 20),
/// is still dispatched from the inbox: what was acknowledged is never lost to a stricter reader.
/// </summary>
public sealed class StoredBodyUpgradeTests
{
    [Fact]
    public async Task A_stored_kci_with_a_name_given_twice_is_still_dispatched()
    {
        await using var host = await KciTestHost.StartAsync();
        var kci = TestKcis.Order(orderId: 515, sequenceNumber: 2, status: "IN_PROGRESS");
        var json = kci.ToJsonString();
        var body = json[..^1] + ",\"Supplier\":\"FIBRECO\"}"; // "supplier" and "Supplier": refused at the endpoint today
        using var refused = await host.PostAsync(body);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        var now = DateTimeOffset.UtcNow;
        await host.Inbox.AddAsync(new KciInboxEntry
        {
            KciId = TestKcis.IdOf(kci),
            EntityKey = "PROVIDE_ORDER:515",
            SequenceNumber = 2,
            EntityType = KciEntityType.ProvideOrder,
            UpdateType = KciUpdateType.Informational,
            Supplier = "FIBRECO",
            DeliveredOn = now,
            ReceivedAt = now,
            Body = Encoding.UTF8.GetBytes(body),
            NextAttemptAt = now,
        });

        // Found by the dispatcher's next poll (one second in the test host).
        var heard = await Eventually.ReturnsAsync(
            () => Task.FromResult(host.Events.ForKci(TestKcis.IdOf(kci)).OfType<ServiceOrderStatusChanged>().SingleOrDefault()), "the stored KCI dispatched");
        Assert.Equal((515L, "IN_PROGRESS"), (heard.OrderId, heard.Status.Value));
    }
}
