using FibreCafe.Kci;
using FibreCafe.Requests.Tests.Infrastructure;

namespace FibreCafe.Requests.Tests;

/// <summary>The KCIs that settle what an attempt's answer could not, on the sandbox's journeys and faults.</summary>
public sealed class ReconciliationTests : IAsyncLifetime
{
    private RequestsHost _host = null!;

    public async Task InitializeAsync() => _host = await RequestsHost.StartAsync(o => o.ReconcileWindow = TimeSpan.FromMinutes(10));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_cancellation_processed_but_answered_500_is_not_resent_and_its_kcis_link_and_complete_it()
    {
        _host.Sandbox.Faults.ProcessNextCancellationsButFail(1);
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());

        await _host.RunAsync();
        var done = await _host.SettledAsync(request.Id, r => r.State == CancellationRequestState.Completed);

        Assert.Equal(CancellationRequestState.Completed, done.State);
        Assert.Equal(_host.Sandbox.Options.FirstId, done.CancellationId);
        Assert.Equal(1, _host.Sandbox.CancellationRequests);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        await _host.RunAsync();
        Assert.Equal(1, _host.Sandbox.CancellationRequests); // never resent
        var history = await _host.Requests.GetHistoryAsync(request.Id);
        Assert.Contains(history, h => h.HttpStatus == 500); // kept whether the answer or the first KCI came first
        Assert.Contains(history, h => h.Cause.Contains("(linked)", StringComparison.Ordinal) && h.KciId is not null);
    }

    [Fact]
    public async Task The_journey_moves_the_request_through_created_and_pending_to_completed_each_move_by_its_kci()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());

        await _host.RunAsync();
        await _host.SettledAsync(request.Id, r => r.State == CancellationRequestState.Completed);

        var moves = (await _host.Requests.GetHistoryAsync(request.Id)).Where(h => h.From != h.To).Select(h => h.To).ToList();
        Assert.Equal(
            [CancellationRequestState.Scheduled, CancellationRequestState.Sending, CancellationRequestState.Created, CancellationRequestState.Pending, CancellationRequestState.Completed],
            moves.Distinct());
        var byKci = (await _host.Requests.GetHistoryAsync(request.Id)).Where(h => h.KciId is not null).ToList();
        Assert.Equal(byKci.Count, byKci.Select(h => h.KciId).Distinct().Count());
    }

    [Fact]
    public async Task Duplicated_and_reordered_kcis_end_the_request_completed_and_never_move_it_back()
    {
        _host.Sandbox.Faults.DuplicateKcis = true;
        _host.Sandbox.Faults.ReorderKcis = true;
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());

        await _host.RunAsync();
        var done = await _host.SettledAsync(request.Id, r => r.State == CancellationRequestState.Completed);
        await _host.Sandbox.WhenKcisDeliveredAsync();
        await Task.Delay(200); // the late duplicates are dispatched; they must change nothing

        Assert.Equal(CancellationRequestState.Completed, (await _host.Requests.GetAsync(request.Id))!.State);
        var history = await _host.Requests.GetHistoryAsync(request.Id);
        var completedAt = history.ToList().FindIndex(h => h.To == CancellationRequestState.Completed);
        Assert.All(history.Skip(completedAt + 1), h => Assert.Equal(CancellationRequestState.Completed, h.To));
        Assert.NotNull(done.ClosedAt);
    }
}
