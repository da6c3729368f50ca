using FibreCafe.Kci;
using FibreCafe.Requests.Tests.Infrastructure;
using FibreCafe.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Requests.Tests;

/// <summary>The processing run on the sandbox, one pass at a time on fake time.</summary>
public sealed class ProcessingRunTests : IAsyncLifetime
{
    private RequestsHost _host = null!;

    public async Task InitializeAsync() => _host = await RequestsHost.StartAsync(o =>
    {
        o.RetryBaseDelay = TimeSpan.FromSeconds(2);
        o.RetryMaxDelay = TimeSpan.FromSeconds(30);
        o.ReconcileWindow = TimeSpan.FromMinutes(10);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_due_request_is_sent_created_and_followed_by_its_kcis_to_completed_and_the_ledger_has_it()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());

        Assert.Equal(1, await _host.RunAsync());
        var done = await _host.SettledAsync(request.Id, r => r.State == CancellationRequestState.Completed);

        Assert.Equal(CancellationRequestState.Completed, done.State);
        Assert.NotNull(done.CancellationId);
        Assert.Equal((1, 201), (done.Attempts, done.ResponseStatus));
        Assert.NotNull(done.ExecutedAt);
        Assert.NotNull(done.ClosedAt);
        Assert.Null(done.LeaseOwner);
        var ledger = await _host.Ledger.GetAsync(CancellationKind.ServiceOrder, done.CancellationId!.Value);
        Assert.Equal((done.ConversationId, done.LastRequestId), (ledger!.ConversationId, ledger.RequestId));
        Assert.Equal(done, await _host.Requests.GetByCancellationIdAsync(CancellationKind.ServiceOrder, done.CancellationId.Value));
        var history = await _host.Requests.GetHistoryAsync(request.Id);
        Assert.Equal(CancellationRequestState.Scheduled, history[0].To);
        Assert.Equal((CancellationRequestState.Scheduled, CancellationRequestState.Sending, done.LastRequestId), (history[1].From!.Value, history[1].To, history[1].HttpRequestId));
        Assert.Equal((CancellationRequestState.Created, 201), (history[2].To, history[2].HttpStatus!.Value));
        Assert.Equal(CancellationRequestState.Completed, history[^1].To);
        Assert.NotNull(history[^1].KciId);
    }

    [Fact]
    public async Task A_request_scheduled_for_later_is_not_sent_before_its_time()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Order() with { ScheduledFor = _host.Clock.GetUtcNow().AddHours(1) });

        Assert.Equal(0, await _host.RunAsync());
        _host.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await _host.RunAsync());
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.RunAsync());

        Assert.Equal(1, _host.Sandbox.CancellationRequests);
        Assert.NotNull((await _host.Requests.GetAsync(request.Id))!.CancellationId);
    }

    [Fact]
    public async Task Express_requests_due_together_go_before_regular_ones()
    {
        var regular = await _host.Requests.SubmitAsync(Cancellations.Order(1));
        var express = await _host.Requests.SubmitAsync(Cancellations.Order(2) with { Priority = CancellationRequestPriority.Express });

        var claimed = await _host.Store.ClaimDueAsync("probe", TimeSpan.FromMinutes(1), 1);

        Assert.Equal(express.Id, Assert.Single(claimed).Id);
        Assert.Equal(CancellationRequestState.Scheduled, (await _host.Requests.GetAsync(regular.Id))!.State);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_growing_back_off_each_attempt_with_a_new_request_id_and_the_same_conversation()
    {
        _host.Sandbox.Faults.FailNextCancellations(2, 503);
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());

        await _host.RunAsync();
        var first = (await _host.Requests.GetAsync(request.Id))!;
        Assert.Equal((CancellationRequestState.Scheduled, 1, 503), (first.State, first.TransientFailures, first.ResponseStatus!.Value));
        Assert.Equal(_host.Clock.GetUtcNow().AddSeconds(2), first.NextAttemptAt);
        Assert.Equal(0, await _host.RunAsync()); // not due yet

        _host.Clock.Advance(TimeSpan.FromSeconds(2));
        await _host.RunAsync();
        var second = (await _host.Requests.GetAsync(request.Id))!;
        Assert.Equal(_host.Clock.GetUtcNow().AddSeconds(4), second.NextAttemptAt);

        _host.Clock.Advance(TimeSpan.FromSeconds(4));
        await _host.RunAsync();
        var sent = (await _host.Requests.GetAsync(request.Id))!;
        Assert.NotNull(sent.CancellationId);
        Assert.Equal((3, 0), (sent.Attempts, sent.TransientFailures));
        var attempts = (await _host.Requests.GetHistoryAsync(request.Id)).Where(h => h.To == CancellationRequestState.Sending).ToList();
        Assert.Equal(3, attempts.Select(a => a.HttpRequestId).Distinct().Count());
        Assert.All(attempts, a => Assert.Equal(request.ConversationId, a.ConversationId));
        Assert.Equal(3, _host.Sandbox.CancellationRequests);
    }

    [Fact]
    public async Task A_429_waits_at_least_its_retry_after()
    {
        await using var host = await RequestsHost.StartAsync(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(100));
        host.Sandbox.Faults.FailNextCancellations(1, 429);
        var request = await host.Requests.SubmitAsync(Cancellations.Order());

        await host.RunAsync();

        var waiting = (await host.Requests.GetAsync(request.Id))!;
        Assert.Equal(host.Clock.GetUtcNow().AddSeconds(1), waiting.NextAttemptAt); // Retry-After: 1 beats the 100 ms back-off
        host.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, await host.RunAsync());
        host.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, await host.RunAsync());
    }

    [Fact]
    public async Task Retries_exhausted_park_the_request_and_an_operator_can_resubmit_it()
    {
        await using var host = await RequestsHost.StartAsync(o =>
        {
            o.MaxTransientFailures = 2;
            o.RetryBaseDelay = TimeSpan.FromSeconds(1);
        });
        host.Sandbox.Faults.FailNextCancellations(2, 502);
        var request = await host.Requests.SubmitAsync(Cancellations.Order());

        await host.RunAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.RunAsync();

        var parked = (await host.Requests.GetAsync(request.Id))!;
        Assert.Equal((CancellationRequestState.Parked, CancellationRequestParkReason.RetriesExhausted), (parked.State, parked.ParkReason!.Value));
        Assert.Null(parked.ClosedAt);
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await host.RunAsync());

        await host.Requests.ResubmitAsync(request.Id, by: "ops");
        Assert.Equal(1, await host.RunAsync());
        var sent = (await host.Requests.GetAsync(request.Id))!;
        Assert.NotNull(sent.CancellationId);
        Assert.Equal(3, sent.Attempts);
    }

    [Fact]
    public async Task A_refusal_ends_the_request_with_the_gateways_code_messages_and_uuid()
    {
        _host.Sandbox.Faults.FailNextCancellationsWith(
            1, 422, """{"uuid":"5b0a2c1e-0d3c-4a57-9d1f-2f1f1f1f1f1f","code":"ORDER_NOT_CANCELLABLE","messages":["The order is complete.","Nothing to cancel."]}""");
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());

        await _host.RunAsync();

        var refused = (await _host.Requests.GetAsync(request.Id))!;
        Assert.Equal((CancellationRequestState.Refused, 422, "ORDER_NOT_CANCELLABLE"), (refused.State, refused.ResponseStatus!.Value, refused.ErrorCode));
        Assert.Equal(("5b0a2c1e-0d3c-4a57-9d1f-2f1f1f1f1f1f", "The order is complete.\nNothing to cancel."), (refused.ErrorUuid, refused.ErrorMessage));
        Assert.Contains("ORDER_NOT_CANCELLABLE", refused.ResponseBody, StringComparison.Ordinal);
        Assert.NotNull(refused.ClosedAt);
        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _host.RunAsync());
    }

    [Fact]
    public async Task After_a_500_the_request_is_not_resent_and_without_a_kci_it_is_parked_as_may_have_been_processed()
    {
        _host.Sandbox.Faults.FailNextCancellations(1, 500);
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());

        await _host.RunAsync();
        var waiting = (await _host.Requests.GetAsync(request.Id))!;
        Assert.Equal(CancellationRequestState.Sending, waiting.State);
        Assert.Equal(_host.Clock.GetUtcNow().AddMinutes(10), waiting.ReconcileBy);
        Assert.Null(waiting.LeaseOwner);

        _host.Clock.Advance(TimeSpan.FromMinutes(9));
        await _host.RunAsync();
        Assert.Equal(CancellationRequestState.Sending, (await _host.Requests.GetAsync(request.Id))!.State);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.RunAsync();

        var parked = (await _host.Requests.GetAsync(request.Id))!;
        Assert.Equal((CancellationRequestState.Parked, CancellationRequestParkReason.MayHaveBeenProcessed), (parked.State, parked.ParkReason!.Value));
        Assert.Equal(1, _host.Sandbox.CancellationRequests);

        await _host.Requests.ResubmitAsync(parked.Id);
        await _host.RunAsync();
        var resent = (await _host.Requests.GetAsync(request.Id))!;
        Assert.NotNull(resent.CancellationId);
        Assert.NotEqual(waiting.LastRequestId, resent.LastRequestId);
        Assert.Equal(request.ConversationId, resent.ConversationId);
    }

    [Fact]
    public async Task One_request_per_order_is_in_flight_in_submission_order()
    {
        var first = await _host.Requests.SubmitAsync(Cancellations.Order(1, "CUSTOMER_CHANGED_MIND"));
        var second = await _host.Requests.SubmitAsync(Cancellations.Order(1, "OTHER"));
        var other = await _host.Requests.SubmitAsync(Cancellations.Order(2));
        var claimed = await _host.Store.ClaimDueAsync("probe", TimeSpan.FromMinutes(1), 10);

        Assert.Equal(new[] { first.Id, other.Id }.Order(), claimed.Select(c => c.Id).Order());
        Assert.DoesNotContain(claimed, c => c.Id == second.Id);
        Assert.Empty(await _host.Store.ClaimDueAsync("probe", TimeSpan.FromMinutes(1), 10));
    }

    [Fact]
    public async Task An_order_waiting_to_retry_holds_back_its_later_requests_but_no_other_order()
    {
        _host.Sandbox.Faults.FailNextCancellations(1, 503);
        var failing = await _host.Requests.SubmitAsync(Cancellations.Order(1));
        await _host.RunAsync();
        var later = await _host.Requests.SubmitAsync(Cancellations.Order(1, "OTHER"));
        var other = await _host.Requests.SubmitAsync(Cancellations.Order(2));

        Assert.Equal(1, await _host.RunAsync());
        Assert.NotNull((await _host.Requests.GetAsync(other.Id))!.CancellationId);
        Assert.Equal(0, (await _host.Requests.GetAsync(later.Id))!.Attempts);

        _host.Clock.Advance(TimeSpan.FromSeconds(2));
        await _host.RunAsync(); // the failing one goes first, alone
        Assert.NotNull((await _host.Requests.GetAsync(failing.Id))!.CancellationId);
        Assert.Equal(0, (await _host.Requests.GetAsync(later.Id))!.Attempts);
        await _host.RunAsync();
        Assert.NotNull((await _host.Requests.GetAsync(later.Id))!.CancellationId);
    }

    [Fact]
    public async Task A_send_left_by_an_instance_that_stopped_is_reconciled_not_resent()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());
        var leased = Assert.Single(await _host.Store.ClaimDueAsync("dead-instance", TimeSpan.FromMinutes(1), 1)); // claimed, then the instance died

        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        await _host.RunAsync();

        var orphan = (await _host.Requests.GetAsync(request.Id))!;
        Assert.Equal(CancellationRequestState.Sending, orphan.State);
        Assert.Equal(_host.Clock.GetUtcNow().AddMinutes(10), orphan.ReconcileBy);
        Assert.True(orphan.LeaseToken > leased.LeaseToken); // the dead instance is fenced out
        Assert.Equal(0, _host.Sandbox.CancellationRequests);
        Assert.Contains("dead-instance", orphan.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_degraded_while_a_request_is_parked_or_overdue()
    {
        var health = _host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await health.CheckHealthAsync(r => r.Name == CancellationRequestsConstants.HealthCheckName)).Status);

        await _host.Requests.SubmitAsync(Cancellations.Order());
        _host.Clock.Advance(TimeSpan.FromMinutes(6));
        var overdue = await health.CheckHealthAsync(r => r.Name == CancellationRequestsConstants.HealthCheckName);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, overdue.Status);
        Assert.Contains("oldest due", overdue.Entries[CancellationRequestsConstants.HealthCheckName].Description, StringComparison.Ordinal);

        await _host.RunAsync();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await health.CheckHealthAsync(r => r.Name == CancellationRequestsConstants.HealthCheckName)).Status);
    }

    [Fact]
    public async Task A_rejection_kci_ends_the_request_rejected_with_the_suppliers_reason()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Order());
        using (FibreCafeTestScenario.Begin(FibreCafeSandboxScenarios.CancellationRejected))
        {
            await _host.RunAsync();
        }

        var rejected = await _host.SettledAsync(request.Id, r => r.State == CancellationRequestState.Rejected);
        Assert.Equal(CancellationRequestState.Rejected, rejected.State);
        Assert.NotNull(rejected.StatusReason);
    }
}
