using System.Data.Common;
using FibreCafe.Client;
using FibreCafe.Kci;

namespace FibreCafe.Requests;

/// <summary>
/// Durable cancellation requests (registered by <c>AddFibreCafeCancellationRequests</c>): submit a cancellation to be
/// sent now or later, find it, follow it, and act on it while the gateway does not have it. The processing run sends
/// due requests; the KCIs that follow move them to their outcome.
/// </summary>
public interface ICancellationRequests
{
    /// <summary>
    /// Validates a cancellation with the client's own rules, stores it as a <see cref="CancellationRequestState.Scheduled"/>
    /// request and wakes the processing run. Returns once it is stored, without waiting for it to be sent.
    /// </summary>
    /// <param name="submission">What to cancel, and when, how urgently, under which key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request (the one already stored under the submission's idempotency key, if any).</returns>
    /// <exception cref="FibreCafeValidationException">The cancellation breaks a gateway rule, named by <see cref="FibreCafeValidationException.Field"/>; nothing was stored.</exception>
    /// <exception cref="CancellationRequestConflictException">The idempotency key belongs to a different cancellation; nothing was stored.</exception>
    /// <exception cref="ArgumentException">The idempotency key is empty or longer than <see cref="CancellationSubmission.MaxIdempotencyKeyLength"/>.</exception>
    Task<CancellationRequest> SubmitAsync(CancellationSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="SubmitAsync"/>, in the caller's open transaction on the store's own database (an
    /// <c>NpgsqlTransaction</c> or <c>SqliteTransaction</c>): the request commits or rolls back with the caller's own
    /// changes (a transactional outbox). The processing run finds it once the caller commits.
    /// </summary>
    /// <param name="submission">What to cancel.</param>
    /// <param name="transaction">The caller's transaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request as it is stored if the transaction commits.</returns>
    /// <exception cref="FibreCafeValidationException">The cancellation breaks a gateway rule; nothing was written.</exception>
    /// <exception cref="CancellationRequestConflictException">The idempotency key belongs to a different cancellation.</exception>
    /// <exception cref="NotSupportedException">The store keeps requests in memory.</exception>
    /// <exception cref="ArgumentException">The transaction is not on the store's database.</exception>
    Task<CancellationRequest> SubmitInTransactionAsync(CancellationSubmission submission, DbTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by its local id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    Task<CancellationRequest?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by its number.</summary>
    /// <param name="number">The number (<c>42</c> for <c>CR-000042</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    Task<CancellationRequest?> GetByNumberAsync(long number, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by the idempotency key it was submitted with.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    Task<CancellationRequest?> GetByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by the gateway cancellation id it was given.</summary>
    /// <param name="kind">Order or problem cancellation.</param>
    /// <param name="cancellationId">The gateway cancellation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    Task<CancellationRequest?> GetByCancellationIdAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default);

    /// <summary>Lists requests by state, kind, target and scheduled window, newest first, with the total.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<CancellationRequestPage> ListAsync(CancellationRequestQuery query, CancellationToken cancellationToken = default);

    /// <summary>Gets every move and attempt of a request, oldest first.</summary>
    /// <param name="id">The request id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The history.</returns>
    Task<IReadOnlyList<CancellationRequestHistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Counts the requests by state and measures the oldest overdue one.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<CancellationRequestStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves a request that is not sent yet (<see cref="CancellationRequestState.Scheduled"/>) to another time.</summary>
    /// <param name="id">The request id.</param>
    /// <param name="scheduledFor">The new due time; a time in the past is due at once.</param>
    /// <param name="by">Who does it, for the history.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request as changed, or <see langword="null"/> when there is none with that id.</returns>
    /// <exception cref="InvalidOperationException">The request is being sent or was sent, or has ended.</exception>
    Task<CancellationRequest?> RescheduleAsync(Guid id, DateTimeOffset scheduledFor, string? by = null, CancellationToken cancellationToken = default);

    /// <summary>Withdraws a request the gateway does not have: <see cref="CancellationRequestState.Scheduled"/> or <see cref="CancellationRequestState.Parked"/>.</summary>
    /// <param name="id">The request id.</param>
    /// <param name="by">Who does it, for the history.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The withdrawn request, or <see langword="null"/> when there is none with that id.</returns>
    /// <exception cref="InvalidOperationException">The request is being sent or was sent, or has ended.</exception>
    Task<CancellationRequest?> WithdrawAsync(Guid id, string? by = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a parked request again: it is scheduled now, and its next attempt has a new <c>X-Request-ID</c> and the same
    /// <c>X-Conversation-ID</c>. After <see cref="CancellationRequestParkReason.MayHaveBeenProcessed"/>, check the order first.
    /// </summary>
    /// <param name="id">The request id.</param>
    /// <param name="by">Who does it, for the history.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rescheduled request, or <see langword="null"/> when there is none with that id.</returns>
    /// <exception cref="InvalidOperationException">The request is not parked.</exception>
    Task<CancellationRequest?> ResubmitAsync(Guid id, string? by = null, CancellationToken cancellationToken = default);
}
