using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests.Tests.Infrastructure;

namespace FibreCafe.Requests.Tests;

public sealed class SubmissionTests : IAsyncLifetime
{
    private RequestsHost _host = null!;

    public async Task InitializeAsync() => _host = await RequestsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_submission_returns_at_once_scheduled_now_with_a_number_and_nothing_is_sent_yet()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Order(text: "Moving abroad") with
        {
            SubmittedBy = new() { ProcessName = "order-portal", ProcessId = "42", User = "alice" },
        });

        Assert.Equal(CancellationRequestState.Scheduled, request.State);
        Assert.Equal(1, request.Number);
        Assert.Equal("CR-000001", request.Reference);
        Assert.Equal((_host.Clock.GetUtcNow(), _host.Clock.GetUtcNow()), (request.ScheduledFor, request.NextAttemptAt!.Value));
        Assert.Equal((CancellationKind.ServiceOrder, 12345L, "CUSTOMER_CHANGED_MIND", "Moving abroad"), (request.Kind, request.TargetId, request.ReasonCode, request.Text));
        Assert.Equal("""{"orderId":12345,"reasonCode":"CUSTOMER_CHANGED_MIND","text":"Moving abroad"}""", request.RequestBody);
        Assert.Equal(("order-portal", "42", "alice"), (request.SubmittedBy!.ProcessName, request.SubmittedBy.ProcessId, request.SubmittedBy.User));
        Assert.Equal(request, await _host.Requests.GetAsync(request.Id));
        Assert.Equal(request, await _host.Requests.GetByNumberAsync(1));
        Assert.Equal(0, _host.Sandbox.CancellationRequests);
    }

    [Fact]
    public async Task Without_a_submitter_the_current_process_is_recorded()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Problem());

        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), request.SubmittedBy!.ProcessId);
        Assert.Equal(CancellationKind.ServiceProblem, request.Kind);
    }

    [Theory]
    [InlineData(0L, "CUSTOMER_CHANGED_MIND", "orderId")]
    [InlineData(12345L, "lower_case", "reasonCode")]
    public async Task An_invalid_cancellation_is_refused_naming_the_field_and_nothing_is_stored(long orderId, string reason, string field)
    {
        var error = await Assert.ThrowsAsync<FibreCafeValidationException>(() => _host.Requests.SubmitAsync(Cancellations.Order(orderId, reason)));

        Assert.Equal(field, error.Field);
        Assert.Equal(0, (await _host.Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_stored_request_and_adds_none()
    {
        var first = await _host.Requests.SubmitAsync(Cancellations.Order() with { IdempotencyKey = "portal-order-12345" });
        var again = await _host.Requests.SubmitAsync(Cancellations.Order() with { IdempotencyKey = "portal-order-12345", Priority = CancellationRequestPriority.Express });

        Assert.Equal(first, again);
        Assert.Equal(first, await _host.Requests.GetByIdempotencyKeyAsync("portal-order-12345"));
        Assert.Equal(1, (await _host.Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Fact]
    public async Task A_different_cancellation_under_a_used_key_is_refused_naming_the_key()
    {
        await _host.Requests.SubmitAsync(Cancellations.Order() with { IdempotencyKey = "portal-order-12345" });

        var error = await Assert.ThrowsAsync<CancellationRequestConflictException>(
            () => _host.Requests.SubmitAsync(Cancellations.Order(reason: "OTHER") with { IdempotencyKey = "portal-order-12345" }));

        Assert.Equal(("portal-order-12345", 1L), (error.IdempotencyKey, error.ExistingNumber));
        Assert.Contains("'portal-order-12345'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await _host.Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    public async Task A_blank_idempotency_key_is_refused(string key)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _host.Requests.SubmitAsync(Cancellations.Order() with { IdempotencyKey = key }));

        Assert.Contains("IdempotencyKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_is_kept_as_given_never_sent_and_part_of_what_an_idempotency_key_stands_for()
    {
        var tagged = Cancellations.Order() with
        {
            IdempotencyKey = "with-metadata",
            Metadata = new Dictionary<string, string> { ["crm.ticket"] = "T-77", ["note"] = "Client called" },
        };

        var request = await _host.Requests.SubmitAsync(tagged);
        var again = await _host.Requests.SubmitAsync(tagged with { Metadata = new Dictionary<string, string> { ["note"] = "Client called", ["crm.ticket"] = "T-77" } });
        var conflict = await Assert.ThrowsAsync<CancellationRequestConflictException>(
            () => _host.Requests.SubmitAsync(tagged with { Metadata = new Dictionary<string, string> { ["crm.ticket"] = "T-78" } }));
        await _host.RunAsync();

        Assert.Equal("T-77", request.Metadata!["crm.ticket"]);
        Assert.Equal(request.Id, again.Id);
        Assert.Contains("with-metadata", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(request.Metadata, (await _host.Requests.GetAsync(request.Id))!.Metadata);
        Assert.DoesNotContain("T-77", request.RequestBody, StringComparison.Ordinal);
        var sent = await _host.Ledger.GetAsync(CancellationKind.ServiceOrder, _host.Sandbox.Options.FirstId);
        Assert.Equal(1, _host.Sandbox.CancellationRequests);
        Assert.DoesNotContain("T-77", sent!.RequestBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "x", "Metadata keys")]
    [InlineData("k", null, "Metadata[k]")]
    public async Task Metadata_beyond_its_limits_is_refused_naming_the_key_and_nothing_is_stored(string key, string? value, string named)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _host.Requests.SubmitAsync(
            Cancellations.Order() with { Metadata = new Dictionary<string, string> { [key] = value! } }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _host.Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Fact]
    public async Task A_future_request_can_be_rescheduled_and_withdrawn_but_not_once_sent()
    {
        var later = await _host.Requests.SubmitAsync(Cancellations.Order(1) with { ScheduledFor = _host.Clock.GetUtcNow().AddDays(2) });
        var now = await _host.Requests.SubmitAsync(Cancellations.Order(2));
        await _host.RunAsync();

        var moved = await _host.Requests.RescheduleAsync(later.Id, _host.Clock.GetUtcNow().AddDays(3), by: "bob");
        var withdrawn = await _host.Requests.WithdrawAsync(later.Id, by: "bob");

        Assert.Equal(_host.Clock.GetUtcNow().AddDays(3), moved!.ScheduledFor);
        Assert.Equal((CancellationRequestState.Withdrawn, "bob"), (withdrawn!.State, withdrawn.UpdatedBy));
        Assert.NotNull(withdrawn.ClosedAt);
        var sent = await _host.Requests.GetAsync(now.Id);
        Assert.NotNull(sent!.CancellationId); // created, and perhaps moved on by its KCIs already
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Requests.WithdrawAsync(now.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Requests.RescheduleAsync(now.Id, _host.Clock.GetUtcNow()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Requests.ResubmitAsync(now.Id));
        Assert.Null(await _host.Requests.WithdrawAsync(Guid.NewGuid()));
        var history = await _host.Requests.GetHistoryAsync(later.Id);
        Assert.Equal(["submitted", "rescheduled", "withdrawn"], history.Select(h => h.Cause.Split(' ', ',')[0]));
    }

    [Fact]
    public async Task A_withdrawn_request_is_never_sent()
    {
        var request = await _host.Requests.SubmitAsync(Cancellations.Order() with { ScheduledFor = _host.Clock.GetUtcNow().AddMinutes(5) });
        await _host.Requests.WithdrawAsync(request.Id);
        _host.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, await _host.RunAsync());
        Assert.Equal(0, _host.Sandbox.CancellationRequests);
    }

    [Fact]
    public async Task A_submission_racing_its_withdrawal_ends_either_withdrawn_and_unsent_or_sent_and_not_withdrawn()
    {
        var outcomes = new List<CancellationRequestState>();
        for (var i = 1; i <= 40; i++)
        {
            var request = await _host.Requests.SubmitAsync(Cancellations.Order(1000 + i));
            var before = _host.Sandbox.CancellationRequests;
            var run = Task.Run(_host.RunAsync);
            var withdraw = Task.Run(async () =>
            {
                try
                {
                    return await _host.Requests.WithdrawAsync(request.Id) is not null;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            });
            await run;
            var withdrew = await withdraw;
            await _host.RunAsync();
            var final = (await _host.Requests.GetAsync(request.Id))!;
            var sent = _host.Sandbox.CancellationRequests - before;
            outcomes.Add(final.State);

            Assert.Equal(withdrew, final.State == CancellationRequestState.Withdrawn);
            Assert.Equal(withdrew ? 0 : 1, sent);
            Assert.Equal(!withdrew, final.CancellationId is not null);
        }

        Assert.Equal(40, outcomes.Count);
    }

    [Fact]
    public async Task Lists_filter_by_state_kind_target_and_window_newest_first_with_a_total()
    {
        var t0 = _host.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await _host.Requests.SubmitAsync(Cancellations.Order(10 + (i % 2)) with { ScheduledFor = t0.AddDays(1 + i) });
        }

        await _host.Requests.SubmitAsync(Cancellations.Problem());

        var orders = await _host.Requests.ListAsync(new CancellationRequestQuery { Kind = CancellationKind.ServiceOrder, Limit = 2, Offset = 1 });
        var order10 = await _host.Requests.ListAsync(new CancellationRequestQuery { TargetId = 10, Kind = CancellationKind.ServiceOrder });
        var window = await _host.Requests.ListAsync(new CancellationRequestQuery { ScheduledFrom = t0.AddDays(2), ScheduledBefore = t0.AddDays(4) });
        var scheduled = await _host.Requests.ListAsync(new CancellationRequestQuery { States = [CancellationRequestState.Scheduled] });

        Assert.Equal(5, orders.Total);
        Assert.Equal([4L, 3L], orders.Items.Select(r => r.Number));
        Assert.Equal([5L, 3L, 1L], order10.Items.Select(r => r.Number));
        Assert.Equal([3L, 2L], window.Items.Select(r => r.Number));
        Assert.Equal(6, scheduled.Total);
    }
}
