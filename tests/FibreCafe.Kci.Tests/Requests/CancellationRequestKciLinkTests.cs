using FibreCafe.Client;
using FibreCafe.Kci.Requests;
using static FibreCafe.Kci.CancellationRequestState;

namespace FibreCafe.Kci.Tests.Requests;

/// <summary>Which requests a KCI's cancellation may move or link, decided on the stored row.</summary>
public sealed class CancellationRequestKciLinkTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static CancellationRequest Request(CancellationRequestState state, long? cancellationId = null) => new()
    {
        Id = Guid.NewGuid(),
        Number = 1,
        Kind = CancellationKind.ServiceOrder,
        TargetId = 12345,
        State = state,
        PayloadHash = "hash",
        RequestBody = "{}",
        ReasonCode = "OTHER",
        ConversationId = "conv-1",
        ScheduledFor = Now,
        CreatedAt = Now,
        UpdatedAt = Now,
        CancellationId = cancellationId,
        ParkReason = state == Parked ? CancellationRequestParkReason.MayHaveBeenProcessed : null,
    };

    private static CancellationStatusUpdate Kci(CancellationStatus status, long cancellationId = 900) => new()
    {
        Kind = CancellationKind.ServiceOrder,
        CancellationId = cancellationId,
        TargetId = 12345,
        Status = status,
        KciId = Guid.NewGuid(),
        At = Now,
        ConversationId = "conv-1",
    };

    private static CancellationRequestUpdate? Decide(CancellationRequest current, CancellationStatusUpdate update) =>
        CancellationRequestKciLink.Decide(current, update, CancellationRequestKciLink.StateOf(update.Status)!.Value, Now);

    [Theory]
    [InlineData(Sending, Created)]
    [InlineData(Parked, Created)]
    [InlineData(Created, Created)] // linked, state kept
    [InlineData(Pending, Pending)]
    public void A_request_the_gateway_may_have_takes_the_cancellation_id(CancellationRequestState from, CancellationRequestState to)
    {
        var update = Decide(Request(from), Kci(CancellationStatus.ReceivedByGateway));

        Assert.NotNull(update);
        Assert.Equal(to, update.Request.State);
        Assert.Equal(900, update.Request.CancellationId);
    }

    [Theory]
    [InlineData(Scheduled)] // resubmitted or rescheduled since the lookup: it will be sent on its own account
    [InlineData(Withdrawn)]
    [InlineData(Refused)]
    [InlineData(Completed)]
    public void A_request_the_gateway_cannot_have_is_never_linked(CancellationRequestState state) =>
        Assert.Null(Decide(Request(state), Kci(CancellationStatus.Pending)));

    [Fact]
    public void Another_cancellation_of_the_same_order_leaves_a_linked_request_alone() =>
        Assert.Null(Decide(Request(Created, cancellationId: 901), Kci(CancellationStatus.Completed)));

    [Fact]
    public void A_repeated_or_late_status_changes_nothing_once_linked()
    {
        Assert.Null(Decide(Request(Pending, cancellationId: 900), Kci(CancellationStatus.Pending)));
        Assert.Null(Decide(Request(Completed, cancellationId: 900), Kci(CancellationStatus.ReceivedByGateway)));
    }
}
