using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests.Processing;

namespace FibreCafe.Requests.Tests;

/// <summary>The processing run's decisions on their own: classification, back-off, fencing.</summary>
public sealed class AttemptDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly FibreCafeCorrelation Correlation = new("req-1", "conv-1");

    private static readonly CancellationRequest Leased = new()
    {
        Id = Guid.NewGuid(),
        Number = 7,
        Kind = CancellationKind.ServiceOrder,
        TargetId = 12345,
        State = CancellationRequestState.Sending,
        PayloadHash = "h",
        RequestBody = "{}",
        ReasonCode = "OTHER",
        ConversationId = "conv-1",
        ScheduledFor = Now,
        NextAttemptAt = Now,
        Attempts = 1,
        LastRequestId = "req-1",
        LeaseOwner = "a",
        LeaseToken = 5,
        LeaseExpiresAt = Now.AddMinutes(5),
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    public static TheoryData<Exception, string> Failures => new()
    {
        { new FibreCafeUnavailableException(503, null, null, Correlation), "transient" },
        { new FibreCafeUnavailableException(429, null, null, Correlation, retryAfter: TimeSpan.FromSeconds(3)), "transient" },
        { new FibreCafeUnavailableException(null, null, null, Correlation), "transient" },
        { new FibreCafeUnavailableException(500, null, null, Correlation, mayHaveBeenProcessed: true), "ambiguous" },
        { new FibreCafeUnavailableException(null, null, null, Correlation, mayHaveBeenProcessed: true), "ambiguous" },
        { new FibreCafeInvalidRequestException(400, null, null, Correlation), "refused" },
        { new FibreCafeInvalidRequestException(422, null, null, Correlation), "refused" },
        { new FibreCafeValidationException("orderId", "must be at least 1."), "refused" },
        { new FibreCafeForbiddenException(403, null, null, Correlation), "parked" },
        { new FibreCafeRedirectException(302, null, Correlation), "parked" },
        { new FibreCafeResponseTooLargeException(201, 1024, Correlation), "ambiguous" },
        { new TaskCanceledException("the host stopped"), "ambiguous" },
        { new HttpRequestException("something unforeseen"), "ambiguous" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_are_classified_and_anything_unknown_is_never_resent(Exception failure, string outcome) =>
        Assert.Equal(outcome, AttemptOutcome.Of(failure).Tag);

    [Theory]
    [InlineData(1, null, 2)]
    [InlineData(2, null, 4)]
    [InlineData(3, null, 8)]
    [InlineData(10, null, 30)]
    [InlineData(1, 10, 10)]
    [InlineData(3, 5, 8)]
    [InlineData(1, 7200, 60)]
    public void The_back_off_doubles_up_to_its_cap_and_never_undercuts_a_capped_retry_after(int failures, int? retryAfterSeconds, int expectedSeconds)
    {
        var options = new CancellationRequestsOptions
        {
            RetryBaseDelay = TimeSpan.FromSeconds(2),
            RetryMaxDelay = TimeSpan.FromSeconds(30),
            MaxRetryAfter = TimeSpan.FromMinutes(1),
        };

        var delay = AttemptDecisions.RetryDelay(failures, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, options);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public void An_instance_whose_lease_was_taken_over_records_nothing()
    {
        var current = Leased with { LeaseToken = 6 };

        Assert.Null(AttemptDecisions.Settle(current, Leased, new AttemptOutcome.Created(1, null, CancellationStatus.ReceivedByGateway, "{}", 201), Now, new()));
        Assert.Null(AttemptDecisions.Settle(current, Leased, new AttemptOutcome.Transient(503, "503", null, null), Now, new()));
    }

    [Fact]
    public void A_201_after_a_kci_moved_the_request_fills_in_the_answer_and_keeps_the_state()
    {
        var current = Leased with { State = CancellationRequestState.Pending, CancellationId = 99, LeaseOwner = null };

        var update = AttemptDecisions.Settle(current, Leased, new AttemptOutcome.Created(99, "SUP-1", CancellationStatus.ReceivedByGateway, """{"id":99}""", 201), Now, new());

        Assert.Equal((CancellationRequestState.Pending, 201, """{"id":99}""", "SUP-1"), (update!.Request.State, update.Request.ResponseStatus!.Value, update.Request.ResponseBody, update.Request.SupplierReference));
        Assert.Equal(("req-1", 201), (update.Entry.HttpRequestId, update.Entry.HttpStatus!.Value));
    }

    [Fact]
    public void A_failed_answer_after_a_kci_moved_the_request_is_kept_in_the_history_and_moves_nothing()
    {
        var current = Leased with { State = CancellationRequestState.Pending, CancellationId = 99, LeaseOwner = null };

        var update = AttemptDecisions.Settle(current, Leased, new AttemptOutcome.Ambiguous(500, "500 Internal Server Error", "{}"), Now, new());

        Assert.Equal((CancellationRequestState.Pending, CancellationRequestState.Pending, CancellationRequestState.Pending), (update!.Request.State, update.Entry.From!.Value, update.Entry.To));
        Assert.Equal(("req-1", 500), (update.Entry.HttpRequestId, update.Entry.HttpStatus!.Value));
        Assert.Contains("500 Internal Server Error", update.Entry.Cause, StringComparison.Ordinal);
        Assert.Equal((current.ResponseStatus, current.ReconcileBy, current.ParkReason), (update.Request.ResponseStatus, update.Request.ReconcileBy, update.Request.ParkReason));
    }

    [Fact]
    public void With_no_reconcile_window_an_ambiguous_send_is_parked_at_once()
    {
        var update = AttemptDecisions.Settle(Leased, Leased, new AttemptOutcome.Ambiguous(500, "500", null), Now, new() { ReconcileWindow = TimeSpan.Zero });

        Assert.Equal((CancellationRequestState.Parked, CancellationRequestParkReason.MayHaveBeenProcessed), (update!.Request.State, update.Request.ParkReason!.Value));
    }

    [Fact]
    public void A_reconcile_window_ends_only_for_a_send_no_kci_linked()
    {
        var waiting = Leased with { LeaseOwner = null, ReconcileBy = Now };

        Assert.Equal(CancellationRequestState.Parked, AttemptDecisions.WindowEnded(waiting, Now)!.Request.State);
        Assert.Null(AttemptDecisions.WindowEnded(waiting, Now.AddTicks(-1)));
        Assert.Null(AttemptDecisions.WindowEnded(waiting with { CancellationId = 3 }, Now));
        Assert.Null(AttemptDecisions.WindowEnded(waiting with { State = CancellationRequestState.Created }, Now));
    }

    [Fact]
    public void An_orphaned_send_with_a_live_lease_is_left_alone()
    {
        Assert.Null(AttemptDecisions.Orphaned(Leased, Now, new()));
        var orphaned = AttemptDecisions.Orphaned(Leased, Now.AddMinutes(5), new() { ReconcileWindow = TimeSpan.FromMinutes(3) });
        Assert.Equal((6L, Now.AddMinutes(8)), (orphaned!.Request.LeaseToken, orphaned.Request.ReconcileBy!.Value));
    }
}
