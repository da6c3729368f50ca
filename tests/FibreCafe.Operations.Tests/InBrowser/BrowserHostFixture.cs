using FibreCafe.Kci;
using FibreCafe.Operations.Tests.Http;
using FibreCafe.Operations.Tests.Infrastructure;

namespace FibreCafe.Operations.Tests.InBrowser;

/// <summary>
/// The browser tests run one at a time (one Chromium at a time on a small machine), apart from every other test of
/// this assembly.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHostFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One host on the sandbox for the browser tests, with real data in every list: six cancelled orders (their KCIs
/// done, more than a page of them), a KCI parked by a failing handler, a scheduled request and a TMF641 listener with
/// parked notifications. Each test that changes something brings its own order.
/// </summary>
public sealed class BrowserHostFixture : IAsyncLifetime
{
    public const long ParkedOrder = 930900;

    public OperationsHost Host { get; private set; } = null!;

    public Guid Listener { get; private set; }

    public async Task InitializeAsync()
    {
        Host = await OperationsHost.StartAsync();
        for (var order = 930001; order <= 930006; order++)
        {
            await Host.CancelOrderAsync(order);
        }

        Host.FailingOrders[ParkedOrder] = true;
        await Host.CancelOrderAsync(ParkedOrder);
        await Host.KciOfOrderAsync(ParkedOrder, KciInboxStatus.Parked);
        await Host.CancelOrderAsync(930800, scheduledFor: DateTimeOffset.UtcNow.AddDays(1));
        (Listener, _) = await HttpSeeds.ListenerAsync(Host, parked: 2, pending: 1);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
