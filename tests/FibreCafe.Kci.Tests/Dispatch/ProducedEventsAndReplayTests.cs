using System.Net;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci.Tests.Dispatch;

/// <summary>What an operator sees of a dispatch: the events each KCI raised, and a replay that is tried at once.</summary>
public sealed class ProducedEventsAndReplayTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly HandlerScript _script = new();

    public void Dispose() => _folder.Dispose();

    // An hour between polls: whatever is dispatched sooner was woken, not polled for.
    private Task<KciTestHost> StartAsync(bool sqlite) =>
        KciTestHost.StartAsync(
            s => s["FibreCafe:Kci:Dispatch:PollInterval"] = "01:00:00",
            (s, receiver) =>
            {
                s.AddSingleton(_script);
                receiver.AddKciEventHandler<ServiceOrderStatusChanged, ScriptedHandler>();
            },
            sqlitePath: sqlite ? _folder.File("kci.db") : null);

    private static async Task<Guid> PostAsync(KciTestHost host, string body)
    {
        using var response = await host.PostAsync(body);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return Guid.Parse(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
    }

    private static Task<KciInboxEntry> WaitForStatusAsync(KciTestHost host, Guid kciId, KciInboxStatus status) =>
        Eventually.ReturnsAsync(async () => await host.Inbox.GetAsync(kciId) is { } e && e.Status == status ? e : null, $"KCI {kciId} {status}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_dispatched_kci_records_the_names_of_the_events_it_raised_in_their_order(bool sqlite)
    {
        await using var host = await StartAsync(sqlite);

        var id = await PostAsync(host, TestKcis.Example("order-cancellation-completed.json"));

        var done = await WaitForStatusAsync(host, id, KciInboxStatus.Done);
        Assert.Equal([nameof(ServiceOrderCancellationCompleted), nameof(ServiceOrderStatusChanged)], done.ProducedEvents);
        Assert.Equal(host.Events.NamesForKci(id), done.ProducedEvents);
        var listed = Assert.Single((await host.Inbox.SearchAsync(new KciInboxQuery { Status = KciInboxStatus.Done })).Items);
        Assert.Equal(done.ProducedEvents, listed.ProducedEvents);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_replayer_makes_a_parked_kci_pending_and_wakes_the_dispatcher_which_dispatches_it_at_once(bool sqlite)
    {
        _script.FailAlways = true;
        await using var host = await StartAsync(sqlite);
        var kci = TestKcis.Order();
        var id = await PostAsync(host, kci.ToJsonString());
        var parked = await WaitForStatusAsync(host, id, KciInboxStatus.Parked);
        Assert.Empty(parked.ProducedEvents);
        _script.FailAlways = false;
        var replayer = host.Services.GetRequiredService<IKciReplayer>();

        Assert.True(await replayer.ReplayAsync(id));

        // The dispatcher sleeps for its hour unless the replay woke it.
        var done = await WaitForStatusAsync(host, id, KciInboxStatus.Done);
        Assert.Equal([nameof(ServiceOrderStatusChanged)], done.ProducedEvents);
        Assert.Equal(4, _script.Calls); // three attempts before it was parked, one after the replay
        Assert.False(await replayer.ReplayAsync(id)); // done: nothing to replay
        Assert.False(await replayer.ReplayAsync(Guid.NewGuid()));
    }
}
