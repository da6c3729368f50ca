namespace FibreCafe.Kci;

/// <summary>
/// The moves a durable cancellation request may make. It only moves forward, and a terminal state never changes:
/// <list type="bullet">
/// <item><c>Scheduled</c> → <c>Sending</c> (taken by the processing run) or <c>Withdrawn</c> (by the tenant, only while not sent);</item>
/// <item><c>Sending</c> → <c>Created</c> (201), <c>Refused</c> (400, 422), <c>Scheduled</c> (a transient failure, retried
/// later), <c>Parked</c> (retries exhausted, or no KCI within the reconcile window after an ambiguous failure), or
/// straight to <c>Pending</c>, <c>Completed</c>, <c>Rejected</c> or <c>FailedToSend</c> (a KCI reconciled it);</item>
/// <item><c>Created</c> → <c>Pending</c>, <c>Completed</c>, <c>Rejected</c> or <c>FailedToSend</c>; <c>Pending</c> → the last three;</item>
/// <item><c>Parked</c> → <c>Scheduled</c> (resubmitted by an operator) or <c>Withdrawn</c>; or, when a late KCI shows the
/// gateway had it after all, <c>Created</c>, <c>Pending</c>, <c>Completed</c>, <c>Rejected</c> or <c>FailedToSend</c>.</item>
/// </list>
/// Every store decides a change with <see cref="CanMove"/> inside its transaction, so two writers (the processing run,
/// the KCI dispatcher, an operator) cannot move a request backwards or out of a terminal state.
/// </summary>
public static class CancellationRequestLifecycle
{
    /// <summary>Gets a value indicating whether <paramref name="state"/> is an end: it never changes again.</summary>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> for Completed, Rejected, FailedToSend, Refused and Withdrawn.</returns>
    public static bool IsTerminal(CancellationRequestState state) => state is CancellationRequestState.Completed
        or CancellationRequestState.Rejected
        or CancellationRequestState.FailedToSend
        or CancellationRequestState.Refused
        or CancellationRequestState.Withdrawn;

    /// <summary>Gets a value indicating whether the gateway may have the request and a KCI may move it: Sending, Created or Pending.</summary>
    /// <param name="state">The state.</param>
    /// <returns>Whether the request is in flight.</returns>
    public static bool IsInFlight(CancellationRequestState state) =>
        state is CancellationRequestState.Sending or CancellationRequestState.Created or CancellationRequestState.Pending;

    /// <summary>Gets a value indicating whether a request may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The current state.</param>
    /// <param name="to">The state asked for.</param>
    /// <returns>Whether the move is allowed; staying in the same state is not a move.</returns>
    public static bool CanMove(CancellationRequestState from, CancellationRequestState to) => (from, to) switch
    {
        _ when IsTerminal(from) || from == to => false,
        (CancellationRequestState.Scheduled, CancellationRequestState.Sending or CancellationRequestState.Withdrawn) => true,
        (CancellationRequestState.Sending, CancellationRequestState.Created or CancellationRequestState.Refused
            or CancellationRequestState.Scheduled or CancellationRequestState.Parked) => true,
        (CancellationRequestState.Sending or CancellationRequestState.Created, CancellationRequestState.Pending) => true,
        (CancellationRequestState.Sending or CancellationRequestState.Created or CancellationRequestState.Pending,
            CancellationRequestState.Completed or CancellationRequestState.Rejected or CancellationRequestState.FailedToSend) => true,
        (CancellationRequestState.Parked, CancellationRequestState.Scheduled or CancellationRequestState.Withdrawn) => true,
        (CancellationRequestState.Parked, CancellationRequestState.Created or CancellationRequestState.Pending
            or CancellationRequestState.Completed or CancellationRequestState.Rejected or CancellationRequestState.FailedToSend) => true,
        _ => false,
    };

    /// <summary>
    /// Throws unless <paramref name="next"/> is a change a store may make to <paramref name="current"/>: the same id,
    /// number, kind and target, and a state that stays or moves as <see cref="CanMove"/> allows. Every store calls it
    /// before it writes a change.
    /// </summary>
    /// <param name="current">The stored request.</param>
    /// <param name="next">The request as a decision wants it.</param>
    /// <exception cref="InvalidOperationException">The change is not allowed.</exception>
    public static void EnsureAllowed(CancellationRequest current, CancellationRequest next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        if (next.Id != current.Id || next.Number != current.Number || next.Kind != current.Kind || next.TargetId != current.TargetId)
        {
            throw new InvalidOperationException($"A change may not alter the id, number, kind or target of cancellation request {current.Reference}.");
        }

        if (next.State != current.State && !CanMove(current.State, next.State))
        {
            throw new InvalidOperationException($"Cancellation request {current.Reference} cannot move from {current.State} to {next.State}.");
        }
    }
}
