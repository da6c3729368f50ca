using System.Data.Common;

namespace FibreCafe.Kci;

/// <summary>
/// Where durable cancellation requests are kept: in memory (tests), SQLite (<c>FibreCafe.Storage.Sqlite</c>) or
/// PostgreSQL (<c>FibreCafe.Storage.PostgreSql</c>), chosen with the receiver's <c>Use…Store()</c>. The processing run,
/// the KCI dispatcher and operators change a request only through <see cref="ChangeAsync"/>, which decides on the
/// stored row inside one transaction, so none of them can undo another's move.
/// </summary>
/// <remarks>
/// Times that decide what is due (<see cref="ClaimDueAsync"/>, <see cref="FindUnsettledAsync"/>, the <c>now</c> given to
/// <see cref="ChangeAsync"/>, <see cref="GetStatisticsAsync"/>) are the store's clock: the database's for PostgreSQL, where
/// several instances share the requests, and the host's <see cref="TimeProvider"/> otherwise.
/// </remarks>
public interface ICancellationRequestStore
{
    /// <summary>
    /// Adds a request and gives it its <see cref="CancellationRequest.Number"/>, unless its idempotency key is taken: then
    /// the stored request is returned and nothing is added.
    /// </summary>
    /// <param name="request">The request, in <see cref="CancellationRequestState.Scheduled"/>; its <see cref="CancellationRequest.Number"/> is ignored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request and whether it was added.</returns>
    Task<CancellationRequestAddResult> AddAsync(CancellationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a request in the caller's open transaction (a transactional outbox): it commits or rolls back with the
    /// caller's own changes. The transaction must belong to this store's database (an <c>NpgsqlTransaction</c> or a
    /// <c>SqliteTransaction</c> on it); the processing run sees the request once the caller commits.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="transaction">The caller's transaction, on a connection to this store's database.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request as it will be stored if the transaction commits.</returns>
    /// <exception cref="NotSupportedException">The store has no database (in memory).</exception>
    /// <exception cref="ArgumentException">The transaction is not one of this store's kind, or is to another database.</exception>
    /// <exception cref="InvalidOperationException">The store has not created its tables yet (the host has not started).</exception>
    Task<CancellationRequestAddResult> AddInTransactionAsync(CancellationRequest request, DbTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by its local id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    Task<CancellationRequest?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by its number.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    Task<CancellationRequest?> GetByNumberAsync(long number, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by its idempotency key.</summary>
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

    /// <summary>Lists the requests that match a filter, newest first, one page at a time.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the total that match.</returns>
    Task<CancellationRequestPage> ListAsync(CancellationRequestQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the requests of one order or problem a KCI about it may move, oldest first: sending, created or pending, and
    /// parked (a KCI that comes after the reconcile window still shows the gateway had it).
    /// </summary>
    /// <param name="kind">Order or problem cancellation.</param>
    /// <param name="targetId">The order or problem id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests.</returns>
    Task<IReadOnlyList<CancellationRequest>> FindInFlightAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default);

    /// <summary>Gets a request's history, oldest first.</summary>
    /// <param name="id">The request id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries; empty for an unknown id.</returns>
    Task<IReadOnlyList<CancellationRequestHistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes due requests to send and leases them to <paramref name="owner"/>: each moves to
    /// <see cref="CancellationRequestState.Sending"/> with a new <see cref="CancellationRequest.LeaseToken"/>, one more
    /// attempt and the attempt's start time. Express first, then by due time, then by number. At most one request per
    /// order or problem is sending at any time, a target's requests go in number order (one waiting for a retry
    /// holds back the later ones of its target, never another target's), and a request leased by one instance is
    /// never leased by another until it is settled.
    /// </summary>
    /// <param name="owner">The processing-run instance.</param>
    /// <param name="leaseDuration">How long the lease lasts.</param>
    /// <param name="maxCount">How many to take at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The leased requests, as stored after the claim.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<IReadOnlyList<CancellationRequest>> ClaimDueAsync(string owner, TimeSpan leaseDuration, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the requests still <see cref="CancellationRequestState.Sending"/> that no live attempt is settling: their
    /// lease ended (the instance stopped), or their reconcile window after an ambiguous failure ended.
    /// </summary>
    /// <param name="maxCount">How many at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<IReadOnlyList<CancellationRequest>> FindUnsettledAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes one request atomically: reads it (locked against every other writer), calls <paramref name="decide"/>
    /// with it and the store's time, and stores what it returns with its history entry, unless it returns
    /// <see langword="null"/>.
    /// </summary>
    /// <param name="id">The request id.</param>
    /// <param name="decide">Decides the change from the stored request and the time; <see langword="null"/> to change nothing. It may run more than once.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request as stored after the change; <see langword="null"/> when not found or when nothing changed.</returns>
    /// <exception cref="InvalidOperationException">The decision moves the state where <see cref="CancellationRequestLifecycle.CanMove"/> forbids, or changes the id or number.</exception>
    Task<CancellationRequest?> ChangeAsync(Guid id, Func<CancellationRequest, DateTimeOffset, CancellationRequestUpdate?> decide, CancellationToken cancellationToken = default);

    /// <summary>Counts the requests by state and finds the oldest due one.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<CancellationRequestStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the requests added after a number, lowest number first: the submissions, as a feed for a producer of
    /// notifications. On PostgreSQL a lower number may become visible after a higher one (two submissions committing
    /// out of order): a reader that must see every request waits for a gap to fill (or for a rolled-back one to age).
    /// </summary>
    /// <param name="afterNumber">The last number read; 0 for the first.</param>
    /// <param name="maxCount">How many at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests, by number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<IReadOnlyList<CancellationRequest>> ListAddedAfterAsync(long afterNumber, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the moves recorded after a position, in the order of their positions: every request's moves, as a feed for
    /// a producer of notifications (one request's moves are in its order). The same caveat on gaps as
    /// <see cref="ListAddedAfterAsync"/>; moves of purged requests are gone.
    /// </summary>
    /// <param name="afterPosition">The last position read; 0 for the first.</param>
    /// <param name="maxCount">How many at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The moves, by position.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<IReadOnlyList<CancellationRequestChange>> ReadChangesAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Deletes terminal requests closed before a time, with their history, at most <paramref name="maxCount"/> per call.</summary>
    /// <param name="closedBefore">The cut-off.</param>
    /// <param name="maxCount">How many at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<int> PurgeAsync(DateTimeOffset closedBefore, int maxCount, CancellationToken cancellationToken = default);
}
