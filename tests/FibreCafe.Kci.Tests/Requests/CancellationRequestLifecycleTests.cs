using static FibreCafe.Kci.CancellationRequestState;

namespace FibreCafe.Kci.Tests.Requests;

/// <summary>Every pair of states, against the life cycle written out once more by hand: a move added or lost shows here.</summary>
public sealed class CancellationRequestLifecycleTests
{
    private static readonly HashSet<(CancellationRequestState From, CancellationRequestState To)> Allowed =
    [
        (Scheduled, Sending), (Scheduled, Withdrawn),
        (Sending, Created), (Sending, Refused), (Sending, Scheduled), (Sending, Parked),
        (Sending, Pending), (Sending, Completed), (Sending, Rejected), (Sending, FailedToSend),
        (Created, Pending), (Created, Completed), (Created, Rejected), (Created, FailedToSend),
        (Pending, Completed), (Pending, Rejected), (Pending, FailedToSend),
        (Parked, Scheduled), (Parked, Withdrawn),
        (Parked, Created), (Parked, Pending), (Parked, Completed), (Parked, Rejected), (Parked, FailedToSend),
    ];

    public static TheoryData<CancellationRequestState, CancellationRequestState> EveryPair()
    {
        var data = new TheoryData<CancellationRequestState, CancellationRequestState>();
        foreach (var from in Enum.GetValues<CancellationRequestState>())
        {
            foreach (var to in Enum.GetValues<CancellationRequestState>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_move_is_allowed_exactly_when_the_life_cycle_has_it(CancellationRequestState from, CancellationRequestState to) =>
        Assert.Equal(Allowed.Contains((from, to)), CancellationRequestLifecycle.CanMove(from, to));

    [Fact]
    public void The_terminal_states_are_the_five_ends_and_none_of_them_moves()
    {
        var terminal = Enum.GetValues<CancellationRequestState>().Where(CancellationRequestLifecycle.IsTerminal).ToList();

        Assert.Equal([Completed, Rejected, FailedToSend, Refused, Withdrawn], terminal);
        Assert.DoesNotContain(Allowed, move => terminal.Contains(move.From));
    }

    [Fact]
    public void A_sent_request_can_no_longer_be_withdrawn_by_the_tenant_and_nothing_moves_back_to_before_the_gateways_answer()
    {
        Assert.False(CancellationRequestLifecycle.CanMove(Sending, Withdrawn));
        Assert.False(CancellationRequestLifecycle.CanMove(Created, Withdrawn));
        Assert.False(CancellationRequestLifecycle.CanMove(Created, Scheduled));
        Assert.False(CancellationRequestLifecycle.CanMove(Pending, Created));
        Assert.False(CancellationRequestLifecycle.CanMove(Created, Sending));
    }
}
