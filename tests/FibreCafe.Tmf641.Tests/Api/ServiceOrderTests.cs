using FibreCafe.Kci;
using FibreCafe.Testing;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>The read-only ServiceOrder view: orders as their KCIs made them known.</summary>
public sealed class ServiceOrderTests : IAsyncLifetime
{
    private Tmf641Host _host = null!;

    public async Task InitializeAsync() => _host = await Tmf641Host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_order_no_kci_made_known_is_not_found()
    {
        (await _host.GetAsync("serviceOrder/12345")).IsError(404);
        (await _host.GetAsync("serviceOrder/not-a-number")).IsError(404);
        var empty = await _host.GetAsync("serviceOrder");
        Assert.Equal((200, "0"), (empty.Status, empty.Headers["X-Total-Count"]));
    }

    [Fact]
    public async Task An_order_pending_cancellation_and_then_cancelled_carries_its_cancellation_date_and_reason()
    {
        var pendingOrder = await _host.CreateAsync(orderId: 100);
        using (FibreCafeTestScenario.Begin(FibreCafeSandboxScenarios.CancellationPending))
        {
            await _host.Requests.RunAsync();
        }

        await _host.Requests.SettledAsync(Guid.Parse((string)pendingOrder["id"]!), r => r.State == CancellationRequestState.Pending);
        _host.Requests.Clock.Advance(TimeSpan.FromMinutes(1)); // the entity states are stamped with the host's clock
        var created = await _host.CreateAsync(orderId: 12345, extra: """, "cancellationReason": "NO_LONGER_REQUIRED" """);
        await _host.Requests.RunAsync();
        await _host.Requests.SettledAsync(Guid.Parse((string)created["id"]!), r => r.State == CancellationRequestState.Completed);

        var pending = (await _host.GetAsync("serviceOrder/100")).Conforms("ServiceOrder", "ServiceOrder").Object;
        var cancelled = (await _host.GetAsync("serviceOrder/12345")).Conforms("ServiceOrder", "ServiceOrder").Object;
        var list = (await _host.GetAsync("serviceOrder?fields=state")).Conforms("ServiceOrder", "ServiceOrder");

        Assert.Equal("pendingCancellation", (string?)pending["state"]);
        Assert.Null(pending["cancellationDate"]);
        Assert.Equal("cancelled", (string?)cancelled["state"]);
        Assert.NotNull((string?)cancelled["cancellationDate"]);
        Assert.Equal("NO_LONGER_REQUIRED", (string?)cancelled["cancellationReason"]);
        Assert.Equal((string?)cancelled["href"], (string?)created["serviceOrder"]!["href"]);
        Assert.Equal(["12345", "100"], list.Array.Select(o => (string)o!["id"]!));
        Assert.Equal(["cancelled", "pendingCancellation"], list.Array.Select(o => (string)o!["state"]!));
    }
}
