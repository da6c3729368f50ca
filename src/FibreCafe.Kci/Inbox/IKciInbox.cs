namespace FibreCafe.Kci;

/// <summary>
/// The durable inbox of received KCIs, keyed by KCI id. The endpoint adds to it before it acknowledges;
/// the dispatcher claims, completes and fails entries through it; operators read it and replay parked
/// entries. Implementations: in memory (tests, development) and SQLite (<c>FibreCafe.Storage.Sqlite</c>).
/// </summary>
/// <remarks>
/// Work is claimed through the store with a lease rather than read into memory, so a store shared by
/// several receivers (e.g. PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>) can hand each entity to one
/// dispatcher at a time. Every method may throw when the store is unavailable.
/// </remarks>
public interface IKciInbox
{
    /// <summary>The most hours <see cref="CountReceivedByHourAsync"/> counts in one call: a week, the default retention.</summary>
    const int MaxHistogramHours = 168;

    /// <summary>Stores a new KCI in one transaction; a KCI id already stored changes nothing.</summary>
    /// <param name="entry">The entry, <see cref="KciInboxStatus.Pending"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the KCI was new; either way it is durably stored when the task completes.</returns>
    Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> entries that are due: for each entity, only its pending
    /// entry with the lowest sequence number, and only when no entry of that entity is claimed already.
    /// </summary>
    /// <param name="maxCount">The most entries to claim.</param>
    /// <param name="leaseDuration">How long the claim holds before another dispatcher may take the entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed entries, each with its <see cref="KciInboxEntry.LeaseId"/>, oldest first.</returns>
    Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Gets when the next entry becomes claimable, so the dispatcher can sleep until then.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The earliest time, possibly in the past; <see langword="null"/> when nothing is pending.</returns>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed entry done and, in the same transaction, records its entity's newest state.</summary>
    /// <param name="claimed">
    /// The entry as <see cref="ClaimAsync"/> returned it, with <see cref="KciInboxEntry.ProducedEvents"/> set to the
    /// events its dispatch raised (stored with it for operators).
    /// </param>
    /// <param name="entityState">
    /// The state to record, or <see langword="null"/>; it is ignored when the recorded state already has
    /// a higher or equal sequence number, so the state never regresses.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the claim was lost (its lease lapsed and another dispatcher took it).</returns>
    Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt of a claimed entry: retry it at <paramref name="retryAt"/>, or park it.</summary>
    /// <param name="claimed">The entry as <see cref="ClaimAsync"/> returned it.</param>
    /// <param name="error">What failed (no secrets: exception type and message).</param>
    /// <param name="retryAt">When to try again; <see langword="null"/> parks the entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the claim was lost.</returns>
    Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>Gives a claimed entry back without counting an attempt, e.g. when the host stops.</summary>
    /// <param name="claimed">The entry as <see cref="ClaimAsync"/> returned it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the claim was lost.</returns>
    Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default);

    /// <summary>Puts a parked entry back to pending with no failed attempts, to be dispatched again now.</summary>
    /// <param name="kciId">The KCI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when no parked entry has that id.</returns>
    Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default);

    /// <summary>Gets one entry.</summary>
    /// <param name="kciId">The KCI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default);

    /// <summary>Lists entries in one state, oldest first, e.g. the parked ones.</summary>
    /// <param name="status">The state.</param>
    /// <param name="maxCount">The most entries to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>Lists entries newest first, filtered by state, entity and time of receipt, one page at a time, with a total.</summary>
    /// <param name="query">The filters and the page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The query is invalid (see <see cref="KciInboxQuery.Validate"/>).</exception>
    Task<KciInboxPage> SearchAsync(KciInboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the entries received in each hour of a span, whatever their state now (an entry purged by retention is
    /// no longer counted): element <c>i</c> counts those received from <c>from + i</c> hours, inclusive, to the next hour.
    /// </summary>
    /// <param name="from">The start of the first hour.</param>
    /// <param name="hours">How many hours, from 1 to <see cref="MaxHistogramHours"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One count per hour, <paramref name="hours"/> of them.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hours"/> is out of range.</exception>
    Task<IReadOnlyList<long>> CountReceivedByHourAsync(DateTimeOffset from, int hours, CancellationToken cancellationToken = default);

    /// <summary>Gets the recorded state of one entity.</summary>
    /// <param name="entityKey">The entity, e.g. <c>PROVIDE_ORDER:12345</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state, or <see langword="null"/> when no KCI of that entity was applied yet.</returns>
    Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default);

    /// <summary>Lists the recorded states of the entities of some types, most recently updated first, with a total.</summary>
    /// <param name="query">The entity types and the page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The query is invalid (see <see cref="KciEntityStateQuery.Validate"/>).</exception>
    Task<KciEntityStatePage> ListEntityStatesAsync(KciEntityStateQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts entries by state, the done ones included: a relational store reads an index entry per entry kept, so
    /// the cost grows with retention (see docs/performance.md). Poll <see cref="GetBacklogAsync"/> instead.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the pending and parked entries and finds the oldest pending one, at a cost bounded by that backlog and
    /// not by the done entries kept; also proves the store answers (the health check calls it). The default
    /// implementation, for stores written before it existed, derives it from <see cref="GetStatisticsAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The backlog.</returns>
    async Task<KciInboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        (await GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Backlog;
}
