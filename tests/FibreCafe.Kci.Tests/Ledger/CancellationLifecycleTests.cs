using FibreCafe.Client;

namespace FibreCafe.Kci.Tests.Ledger;

public class CancellationLifecycleTests
{
    [Theory]
    [InlineData(null, "RECEIVED_BY_GATEWAY", CancellationTransition.Created)]
    [InlineData(null, "COMPLETED", CancellationTransition.Created)]
    [InlineData("RECEIVED_BY_GATEWAY", "PENDING", CancellationTransition.Advanced)]
    [InlineData("RECEIVED_BY_GATEWAY", "COMPLETED", CancellationTransition.Advanced)]
    [InlineData("PENDING", "REJECTED", CancellationTransition.Advanced)]
    [InlineData("PENDING", "FAILED_TO_SEND", CancellationTransition.Advanced)]
    [InlineData("PENDING", "PENDING", CancellationTransition.Unchanged)]
    [InlineData("COMPLETED", "COMPLETED", CancellationTransition.Unchanged)]
    [InlineData("PENDING", "RECEIVED_BY_GATEWAY", CancellationTransition.Refused)]
    [InlineData("COMPLETED", "REJECTED", CancellationTransition.Refused)]
    [InlineData("REJECTED", "PENDING", CancellationTransition.Refused)]
    [InlineData("FAILED_TO_SEND", "COMPLETED", CancellationTransition.Refused)]
    [InlineData("PENDING", "SOMETHING_NEW", CancellationTransition.Refused)]
    [InlineData(null, "", CancellationTransition.Refused)]
    public void Only_forward_moves_are_allowed_and_terminal_states_are_final(string? current, string next, CancellationTransition expected) =>
        Assert.Equal(expected, CancellationLifecycle.Decide(current is null ? (CancellationStatus?)null : new CancellationStatus(current), new CancellationStatus(next)));
}
