using FibreCafe.Kci;

namespace FibreCafe.Tmf641.Resources;

/// <summary>
/// The TMF641 v4.1 <c>TaskStateType</c> of a cancellation request (the table in docs/tmf641.md): <c>accepted</c> while
/// stored and not yet accepted by the gateway, <c>inProgress</c> once created, <c>done</c> once the supplier decided
/// (completed or rejected), <c>terminatedWithError</c> when no assessment will happen (refused, failed to send, parked,
/// withdrawn). Output is always one of the four; filters also take <c>acknowledged</c> and any casing.
/// </summary>
internal static class TaskStates
{
    public const string Accepted = "accepted";
    public const string InProgress = "inProgress";
    public const string Done = "done";
    public const string TerminatedWithError = "terminatedWithError";

    public static string Of(CancellationRequestState state) => state switch
    {
        CancellationRequestState.Scheduled or CancellationRequestState.Sending => Accepted,
        CancellationRequestState.Created or CancellationRequestState.Pending => InProgress,
        CancellationRequestState.Completed or CancellationRequestState.Rejected => Done,
        _ => TerminatedWithError, // Refused, FailedToSend, Parked, Withdrawn
    };

    /// <summary>The request states a task state stands for; <see langword="null"/> for a value that is no task state.</summary>
    public static IReadOnlyList<CancellationRequestState>? Parse(string value) => value.Trim().ToUpperInvariant() switch
    {
        "ACCEPTED" or "ACKNOWLEDGED" => [CancellationRequestState.Scheduled, CancellationRequestState.Sending],
        "INPROGRESS" => [CancellationRequestState.Created, CancellationRequestState.Pending],
        "DONE" => [CancellationRequestState.Completed, CancellationRequestState.Rejected],
        "TERMINATEDWITHERROR" => [CancellationRequestState.Refused, CancellationRequestState.FailedToSend, CancellationRequestState.Parked, CancellationRequestState.Withdrawn],
        _ => null,
    };
}
