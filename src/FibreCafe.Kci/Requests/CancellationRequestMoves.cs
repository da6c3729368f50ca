using System.Globalization;

namespace FibreCafe.Kci;

/// <summary>
/// The moves every store makes itself, the same way (the submission's history entry and the claim), so a store of
/// your own behaves as the built-in ones. The moves that follow an attempt's answer are the processing run's; the
/// moves a KCI makes are the dispatcher's.
/// </summary>
public static class CancellationRequestMoves
{
    /// <summary>Who the processing run's moves are recorded as.</summary>
    public const string ProcessingRun = "processing-run";

    /// <summary>
    /// The history entry of a submission, made from the request (the stores do not write it: every field it has is on
    /// the request), so it reads the same however the request moved since.
    /// </summary>
    /// <param name="request">The request as stored.</param>
    /// <returns>The entry: at <see cref="CancellationRequest.CreatedAt"/>, to <see cref="CancellationRequestState.Scheduled"/>.</returns>
    public static CancellationRequestHistoryEntry Submitted(CancellationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new()
        {
            At = request.CreatedAt,
            To = CancellationRequestState.Scheduled,
            Cause = request.IdempotencyKey is { } key ? $"submitted with idempotency key {key}" : "submitted",
            By = request.SubmittedBy?.User ?? request.SubmittedBy?.ProcessName,
        };
    }

    /// <summary>
    /// Leases a due request to a processing-run instance and starts an attempt: <see cref="CancellationRequestState.Sending"/>,
    /// a new <see cref="CancellationRequest.LeaseToken"/> (the fencing token), a new <c>X-Request-ID</c>, one more attempt.
    /// </summary>
    /// <param name="request">The due request, <see cref="CancellationRequestState.Scheduled"/>.</param>
    /// <param name="owner">The instance.</param>
    /// <param name="now">The store's time.</param>
    /// <param name="leaseDuration">How long the lease lasts.</param>
    /// <returns>The request as leased, and the attempt's history entry.</returns>
    public static CancellationRequestUpdate Claim(CancellationRequest request, string owner, DateTimeOffset now, TimeSpan leaseDuration)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var requestId = Guid.NewGuid().ToString("D");
        var leased = request with
        {
            State = CancellationRequestState.Sending,
            Attempts = request.Attempts + 1,
            LastRequestId = requestId,
            LastAttemptAt = now,
            LeaseOwner = owner,
            LeaseToken = request.LeaseToken + 1,
            LeaseExpiresAt = now + leaseDuration,
            ReconcileBy = null,
            UpdatedAt = now,
            UpdatedBy = ProcessingRun,
        };
        return new(leased, new CancellationRequestHistoryEntry
        {
            At = now,
            From = request.State,
            To = leased.State,
            Cause = string.Create(CultureInfo.InvariantCulture, $"attempt {leased.Attempts} by {owner}"),
            By = ProcessingRun,
            HttpRequestId = requestId,
            ConversationId = request.ConversationId,
        });
    }
}
