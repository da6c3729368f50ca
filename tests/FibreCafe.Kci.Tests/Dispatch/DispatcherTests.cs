using System.Net;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Kci.Tests.Dispatch;

public sealed class DispatcherTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly HandlerScript _script = new();

    public void Dispose() => _folder.Dispose();

    private Task<KciTestHost> StartAsync(bool sqlite = false, Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null) =>
        KciTestHost.StartAsync(
            settings,
            (s, receiver) =>
            {
                s.AddSingleton(_script);
                receiver.AddKciEventHandler<ServiceOrderStatusChanged, ScriptedHandler>();
                services?.Invoke(s);
            },
            sqlitePath: sqlite ? _folder.File("kci.db") : null);

    private static async Task PostAsync(KciTestHost host, System.Text.Json.Nodes.JsonObject kci)
    {
        using var response = await host.PostAsync(kci.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static Task<KciInboxEntry> WaitForStatusAsync(KciTestHost host, Guid kciId, KciInboxStatus status) =>
        Eventually.ReturnsAsync(async () => await host.Inbox.GetAsync(kciId) is { } e && e.Status == status ? e : null, $"KCI {kciId} {status}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_duplicate_delivery_raises_one_event(bool sqlite)
    {
        await using var host = await StartAsync(sqlite);
        var kci = TestKcis.Order();

        await PostAsync(host, kci);
        await PostAsync(host, kci);
        await WaitForStatusAsync(host, TestKcis.IdOf(kci), KciInboxStatus.Done);
        await PostAsync(host, kci);

        var other = TestKcis.Order(orderId: 99);
        await PostAsync(host, other);
        await WaitForStatusAsync(host, TestKcis.IdOf(other), KciInboxStatus.Done);
        Assert.Single(host.Events.ForKci(TestKcis.IdOf(kci)));
        Assert.Equal(2, _script.Calls); // once for the KCI delivered three times, once for the other

    }

    [Fact]
    public async Task The_dispatcher_wakes_when_a_kci_arrives_instead_of_waiting_for_its_poll()
    {
        await using var host = await StartAsync(settings: s => s["FibreCafe:Kci:Dispatch:PollInterval"] = "01:00:00");
        var first = TestKcis.Order(orderId: 1);
        await PostAsync(host, first);
        await WaitForStatusAsync(host, TestKcis.IdOf(first), KciInboxStatus.Done);

        // The dispatcher is now asleep for an hour, unless the arrival wakes it.
        var second = TestKcis.Order(orderId: 2);
        await PostAsync(host, second);

        await WaitForStatusAsync(host, TestKcis.IdOf(second), KciInboxStatus.Done);
    }

    [Fact]
    public async Task An_older_kci_arriving_after_a_newer_one_never_regresses_the_recorded_state()
    {
        await using var host = await StartAsync();
        var newer = TestKcis.Order(sequenceNumber: 2, status: "CANCELLED", informationType: "CANCELLED");
        var older = TestKcis.Order(sequenceNumber: 1, status: "IN_PROGRESS", informationType: "UPDATE");

        await PostAsync(host, newer);
        await WaitForStatusAsync(host, TestKcis.IdOf(newer), KciInboxStatus.Done);
        await PostAsync(host, older);
        await WaitForStatusAsync(host, TestKcis.IdOf(older), KciInboxStatus.Done);

        var changes = host.Events.Of<ServiceOrderStatusChanged>();
        Assert.Equal(ServiceOrderStatus.Cancelled, Assert.Single(changes).Status);
        Assert.Empty(host.Events.ForKci(TestKcis.IdOf(older)));
        var state = await host.Inbox.GetEntityStateAsync("PROVIDE_ORDER:12345");
        Assert.Equal((2L, "CANCELLED"), (state!.SequenceNumber, state.Status));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_then_succeeds_and_the_entry_is_done()
    {
        _script.FailuresLeft = 2;
        await using var host = await StartAsync();
        var kci = TestKcis.Order();

        await PostAsync(host, kci);

        var entry = await WaitForStatusAsync(host, TestKcis.IdOf(kci), KciInboxStatus.Done);
        Assert.Equal(3, _script.Calls);
        Assert.Equal(2, entry.Attempts);
        Assert.Contains("ScriptedHandler failed on ServiceOrderStatusChanged", entry.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_that_keeps_failing_is_parked_after_max_attempts_and_replay_dispatches_it_again()
    {
        _script.FailAlways = true;
        await using var host = await StartAsync(sqlite: true);
        var kci = TestKcis.Order();
        var id = TestKcis.IdOf(kci);

        await PostAsync(host, kci);
        var parked = await WaitForStatusAsync(host, id, KciInboxStatus.Parked);

        Assert.Equal(3, parked.Attempts);
        Assert.Equal(3, _script.Calls);
        Assert.Contains("The retailer's order system is down.", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(await host.Inbox.ListAsync(KciInboxStatus.Parked)).KciId);
        Assert.Empty(host.Events.ForKci(id));

        _script.FailAlways = false;
        Assert.True(await host.Inbox.ReplayAsync(id));

        await WaitForStatusAsync(host, id, KciInboxStatus.Done);
        Assert.Equal(4, _script.Calls);
        Assert.IsType<ServiceOrderStatusChanged>(Assert.Single(host.Events.ForKci(id)));
    }

    [Fact]
    public async Task A_parked_kci_does_not_hold_back_the_later_kcis_of_its_entity()
    {
        _script.FailAlways = true;
        await using var host = await StartAsync();
        var first = TestKcis.Order(sequenceNumber: 1, status: "ACKNOWLEDGED");
        await PostAsync(host, first);
        await WaitForStatusAsync(host, TestKcis.IdOf(first), KciInboxStatus.Parked);
        _script.FailAlways = false;

        var second = TestKcis.Order(sequenceNumber: 2, status: "IN_PROGRESS");
        await PostAsync(host, second);

        await WaitForStatusAsync(host, TestKcis.IdOf(second), KciInboxStatus.Done);
    }

    [Fact]
    public async Task Retries_wait_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 10, 9, 0, 0, TimeSpan.Zero));
        _script.FailuresLeft = 1;
        await using var host = await StartAsync(
            settings: s =>
            {
                s["FibreCafe:Kci:Dispatch:BaseDelay"] = "00:01:00";
                s["FibreCafe:Kci:Dispatch:MaxDelay"] = "00:10:00";
            },
            services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var kci = TestKcis.Order();
        var id = TestKcis.IdOf(kci);

        await PostAsync(host, kci);
        var waiting = await Eventually.ReturnsAsync(async () => await host.Inbox.GetAsync(id) is { Attempts: 1 } e ? e : null, "first attempt failed");

        Assert.Equal(KciInboxStatus.Pending, waiting.Status);
        Assert.Equal(clock.GetUtcNow().AddMinutes(1), waiting.NextAttemptAt);
        Assert.Equal(1, _script.Calls);

        clock.Advance(TimeSpan.FromMinutes(1));

        await WaitForStatusAsync(host, id, KciInboxStatus.Done);
        Assert.Equal(2, _script.Calls);
    }

    [Fact]
    public async Task Handlers_of_one_kci_share_a_di_scope_and_each_kci_gets_its_own()
    {
        await using var host = await StartAsync(services: s =>
        {
            s.AddScoped<ScopeProbe>();
            s.AddSingleton<List<(Guid KciId, Guid Scope)>>();
            s.AddKciEventHandler<KciEvent, ScopeRecordingHandler>();
        });
        var cease = TestKcis.Order(entityType: "UNSOLICITED_CEASE_ORDER", status: "RECEIVED_BY_GATEWAY", informationType: "CREATED");
        var other = TestKcis.Order(orderId: 2);

        await PostAsync(host, cease);
        await PostAsync(host, other);
        await WaitForStatusAsync(host, TestKcis.IdOf(cease), KciInboxStatus.Done);
        await WaitForStatusAsync(host, TestKcis.IdOf(other), KciInboxStatus.Done);

        var seen = host.Services.GetRequiredService<List<(Guid KciId, Guid Scope)>>();
        lock (seen)
        {
            var ceaseScopes = seen.Where(s => s.KciId == TestKcis.IdOf(cease)).Select(s => s.Scope).ToList();
            Assert.Equal(2, ceaseScopes.Count);
            Assert.Single(ceaseScopes.Distinct());
            Assert.DoesNotContain(seen.Single(s => s.KciId == TestKcis.IdOf(other)).Scope, ceaseScopes);
        }
    }

    [Fact]
    public async Task After_a_restart_undispatched_sqlite_entries_are_dispatched_in_sequence_order()
    {
        var kcis = new[] { 3, 1, 2 }.Select(n => TestKcis.Order(sequenceNumber: n, status: $"STATUS_{n}", informationType: "UPDATE")).ToList();
        await using (var receiveOnly = await StartAsync(sqlite: true, settings: s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false"))
        {
            foreach (var kci in kcis)
            {
                await PostAsync(receiveOnly, kci);
            }

            Assert.Equal(3, (await receiveOnly.Inbox.GetStatisticsAsync()).Pending);
        }

        await using var restarted = await StartAsync(sqlite: true);

        foreach (var kci in kcis)
        {
            await WaitForStatusAsync(restarted, TestKcis.IdOf(kci), KciInboxStatus.Done);
        }

        Assert.Equal([1L, 2L, 3L], _script.Sequences);
    }

    [Fact]
    public async Task A_kci_in_flight_when_the_host_stops_is_dispatched_after_the_restart_without_a_counted_attempt()
    {
        _script.BlockUntilCancelled = true;
        var kci = TestKcis.Order();
        var id = TestKcis.IdOf(kci);
        await using (var first = await StartAsync(sqlite: true))
        {
            await PostAsync(first, kci);
            await _script.Started.Task.WaitAsync(Eventually.Limit);
        }

        _script.BlockUntilCancelled = false;
        await using var restarted = await StartAsync(sqlite: true);

        var done = await WaitForStatusAsync(restarted, id, KciInboxStatus.Done);
        Assert.Equal(0, done.Attempts);
        Assert.Equal(2, _script.Calls);
    }

    private sealed class ScopeProbe
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    private sealed class ScopeRecordingHandler(ScopeProbe probe, List<(Guid KciId, Guid Scope)> seen) : IKciEventHandler<KciEvent>
    {
        public Task HandleAsync(KciEvent kciEvent, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add((kciEvent.KciId, probe.Id));
            }

            return Task.CompletedTask;
        }
    }
}
