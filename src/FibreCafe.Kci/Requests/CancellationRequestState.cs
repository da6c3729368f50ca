namespace FibreCafe.Kci;

/// <summary>
/// Where a durable cancellation request is in its life cycle (see <see cref="CancellationRequestLifecycle"/>).
/// Before the gateway knows it: <see cref="Scheduled"/>, <see cref="Sending"/>, and the ends <see cref="Refused"/>,
/// <see cref="Withdrawn"/> and <see cref="Parked"/> (which an operator may resubmit). After the gateway's 201:
/// <see cref="Created"/>, <see cref="Pending"/>, and the ends the KCIs report.
/// </summary>
public enum CancellationRequestState
{
    /// <summary>Stored and due at its scheduled time (or its next attempt's, after a transient failure).</summary>
    Scheduled = 0,

    /// <summary>Taken by the processing run and sent, or being sent; after an ambiguous failure it stays here until a KCI links it or the reconcile window ends.</summary>
    Sending = 1,

    /// <summary>The gateway answered 201: it has the cancellation id and the supplier's reference.</summary>
    Created = 2,

    /// <summary>A KCI reported the cancellation pending with the supplier.</summary>
    Pending = 3,

    /// <summary>A KCI reported the cancellation completed. Terminal.</summary>
    Completed = 4,

    /// <summary>A KCI reported the supplier rejected the cancellation. Terminal.</summary>
    Rejected = 5,

    /// <summary>A KCI reported the gateway could not send the cancellation to the supplier. Terminal.</summary>
    FailedToSend = 6,

    /// <summary>The gateway refused the request (400 or 422), with its code, messages and uuid. Terminal.</summary>
    Refused = 7,

    /// <summary>Withdrawn by the tenant before it was sent, or by an operator once parked. Terminal.</summary>
    Withdrawn = 8,

    /// <summary>
    /// Stopped, for an operator: its retries were exhausted, or it may have been processed (an ambiguous failure that no
    /// KCI reconciled within the window). Resubmitted, it is scheduled again; withdrawn, it ends.
    /// </summary>
    Parked = 9,
}
