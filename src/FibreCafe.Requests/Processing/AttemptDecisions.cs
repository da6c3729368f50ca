using System.Globalization;
using FibreCafe.Kci;
using FibreCafe.Shared;

namespace FibreCafe.Requests.Processing;

/// <summary>
/// How the processing run moves a request after an attempt, and when it sweeps sends nobody settles. Each decision
/// runs inside the store's transaction on the stored row and first checks the fencing token: an instance whose lease
/// was taken over records nothing.
/// </summary>
internal static class AttemptDecisions
{
    private const string By = CancellationRequestMoves.ProcessingRun;

    public static CancellationRequestUpdate? Settle(CancellationRequest current, CancellationRequest leased, AttemptOutcome outcome, DateTimeOffset now, CancellationRequestsOptions options)
    {
        if (current.LeaseToken != leased.LeaseToken)
        {
            return null;
        }

        if (current.State != CancellationRequestState.Sending)
        {
            // A KCI settled it while the attempt was in flight: a late 201 still adds what only the answer carries, and
            // any other answer is kept in the history (every attempt's answer is), moving nothing.
            return outcome switch
            {
                AttemptOutcome.Created late when current.ResponseStatus != late.HttpStatus =>
                    Entry(current, leased, Accepted(current, late, now) with { State = current.State }, now, $"201 after a KCI moved it: cancellation {late.CancellationId}", late.HttpStatus),
                AttemptOutcome.Created => null,
                _ => Entry(current, leased, current with { UpdatedAt = now, UpdatedBy = By }, now, $"{outcome.Tag} answer after a KCI moved it: {Failure(outcome)}", HttpStatus(outcome)),
            };
        }

        var released = current with { LeaseOwner = null, LeaseExpiresAt = null, UpdatedAt = now, UpdatedBy = By };
        switch (outcome)
        {
            case AttemptOutcome.Created c:
                return Entry(current, leased, Accepted(released, c, now), now, $"201 Created: cancellation {c.CancellationId}", c.HttpStatus);

            case AttemptOutcome.Refused r:
                return Entry(current, leased, released with
                {
                    State = CancellationRequestState.Refused,
                    NextAttemptAt = null,
                    ExecutedAt = now,
                    ClosedAt = now,
                    ResponseStatus = r.HttpStatus,
                    ResponseBody = r.ResponseBody,
                    ErrorCode = r.Code,
                    ErrorMessage = r.Message,
                    ErrorUuid = r.ErrorUuid,
                    StatusReason = r.Message,
                }, now, $"refused: {r.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "before sending"} {r.Code}", r.HttpStatus);

            case AttemptOutcome.Transient t:
                var failures = current.TransientFailures + 1;
                var failed = released with { TransientFailures = failures, ResponseStatus = t.HttpStatus, ResponseBody = t.ResponseBody, ErrorCode = null, ErrorMessage = t.Failure, ErrorUuid = null };
                if (failures >= options.MaxTransientFailures)
                {
                    return Entry(current, leased, Park(failed, CancellationRequestParkReason.RetriesExhausted, $"{failures} transient failures in a row; last: {t.Failure}"), now, $"parked: {t.Failure}", t.HttpStatus);
                }

                var retryAt = now + RetryDelay(failures, t.RetryAfter, options);
                return Entry(current, leased, failed with { State = CancellationRequestState.Scheduled, NextAttemptAt = retryAt, StatusReason = t.Failure }, now,
                    string.Create(CultureInfo.InvariantCulture, $"transient: {t.Failure}; retry at {retryAt:O}"), t.HttpStatus);

            case AttemptOutcome.Ambiguous a:
                var ambiguous = released with { ResponseStatus = a.HttpStatus, ResponseBody = a.ResponseBody, ErrorMessage = a.Failure, StatusReason = a.Failure };
                if (options.ReconcileWindow <= TimeSpan.Zero)
                {
                    return Entry(current, leased, Park(ambiguous, CancellationRequestParkReason.MayHaveBeenProcessed, a.Failure), now, $"parked, may have been processed: {a.Failure}", a.HttpStatus);
                }

                var by = now + options.ReconcileWindow;
                return Entry(current, leased, ambiguous with { ReconcileBy = by }, now,
                    string.Create(CultureInfo.InvariantCulture, $"may have been processed: {a.Failure}; waiting for a KCI until {by:O}"), a.HttpStatus);

            case AttemptOutcome.Unexpected u:
                return Entry(current, leased, Park(released with { ResponseStatus = u.HttpStatus, ResponseBody = u.ResponseBody, ErrorMessage = u.Failure }, CancellationRequestParkReason.UnexpectedAnswer, u.Failure),
                    now, $"parked: {u.Failure}", u.HttpStatus);

            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown attempt outcome.");
        }
    }

    private static string Failure(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Refused r => $"{r.Code} {r.Message}",
        AttemptOutcome.Transient t => t.Failure,
        AttemptOutcome.Ambiguous a => a.Failure,
        AttemptOutcome.Unexpected u => u.Failure,
        _ => outcome.Tag,
    };

    private static int? HttpStatus(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Refused r => r.HttpStatus,
        AttemptOutcome.Transient t => t.HttpStatus,
        AttemptOutcome.Ambiguous a => a.HttpStatus,
        AttemptOutcome.Unexpected u => u.HttpStatus,
        _ => null,
    };

    /// <summary>A send whose instance stopped: fence that instance out and wait for a KCI, never resend.</summary>
    public static CancellationRequestUpdate? Orphaned(CancellationRequest current, DateTimeOffset now, CancellationRequestsOptions options)
    {
        if (current.State != CancellationRequestState.Sending || current.ReconcileBy is not null || current.LeaseExpiresAt > now)
        {
            return null;
        }

        var cause = $"instance {current.LeaseOwner ?? "?"} stopped during attempt {current.Attempts} (X-Request-ID {current.LastRequestId})";
        var next = current with { LeaseOwner = null, LeaseExpiresAt = null, LeaseToken = current.LeaseToken + 1, UpdatedAt = now, UpdatedBy = By, StatusReason = cause };
        if (options.ReconcileWindow <= TimeSpan.Zero)
        {
            next = Park(next, CancellationRequestParkReason.MayHaveBeenProcessed, cause);
        }
        else
        {
            next = next with { ReconcileBy = now + options.ReconcileWindow };
        }

        return new(next, new CancellationRequestHistoryEntry { At = now, From = current.State, To = next.State, Cause = $"{cause}; may have been processed", By = By });
    }

    /// <summary>The reconcile window of an ambiguous send ended without a KCI: park it for an operator.</summary>
    public static CancellationRequestUpdate? WindowEnded(CancellationRequest current, DateTimeOffset now)
    {
        if (current.State != CancellationRequestState.Sending || current.ReconcileBy is not { } by || by > now || current.CancellationId is not null)
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"no KCI about {current.Kind} {current.TargetId} by {by:O}; the gateway may have it");
        var next = Park(current with { UpdatedAt = now, UpdatedBy = By, LeaseToken = current.LeaseToken + 1 }, CancellationRequestParkReason.MayHaveBeenProcessed, reason);
        return new(next, new CancellationRequestHistoryEntry { At = now, From = current.State, To = next.State, Cause = $"parked: {reason}", By = By });
    }

    /// <summary>Exponential back-off from <see cref="CancellationRequestsOptions.RetryBaseDelay"/>, capped, and never shorter than the gateway's <c>Retry-After</c> (itself capped).</summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan? retryAfter, CancellationRequestsOptions options)
    {
        var backoff = Backoff.Delay(options.RetryBaseDelay, options.RetryMaxDelay, failures);
        var asked = retryAfter is { } wait ? (wait < options.MaxRetryAfter ? wait : options.MaxRetryAfter) : TimeSpan.Zero;
        return asked > backoff ? asked : backoff;
    }

    private static CancellationRequest Accepted(CancellationRequest request, AttemptOutcome.Created c, DateTimeOffset now) => request with
    {
        State = CancellationRequestState.Created,
        NextAttemptAt = null,
        ReconcileBy = null,
        TransientFailures = 0,
        ExecutedAt = request.ExecutedAt ?? now,
        CancellationId = request.CancellationId ?? c.CancellationId,
        SupplierReference = request.SupplierReference ?? c.SupplierReference,
        ResponseStatus = c.HttpStatus,
        ResponseBody = c.ResponseBody,
        ErrorCode = null,
        ErrorMessage = null,
        ErrorUuid = null,
        UpdatedAt = now,
        UpdatedBy = By,
    };

    private static CancellationRequest Park(CancellationRequest request, CancellationRequestParkReason reason, string detail) => request with
    {
        State = CancellationRequestState.Parked,
        ParkReason = reason,
        NextAttemptAt = null,
        ReconcileBy = null,
        LeaseOwner = null,
        LeaseExpiresAt = null,
        StatusReason = detail,
    };

    private static CancellationRequestUpdate Entry(CancellationRequest current, CancellationRequest leased, CancellationRequest next, DateTimeOffset now, string cause, int? httpStatus) =>
        new(next, new CancellationRequestHistoryEntry
        {
            At = now,
            From = current.State,
            To = next.State,
            Cause = cause,
            By = By,
            HttpRequestId = leased.LastRequestId,
            ConversationId = leased.ConversationId,
            HttpStatus = httpStatus,
        });
}
