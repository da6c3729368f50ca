using System.Data.Common;

namespace FibreCafe.Kci.Requests;

/// <summary>
/// The <see cref="ICancellationRequestStore"/> of tests and of <c>UseInMemoryStore()</c>: one lock around a list, the
/// same rules as the relational stores (their conformance suite runs against it too). Nothing survives the process.
/// </summary>
internal sealed class InMemoryCancellationRequestStore(TimeProvider timeProvider) : ICancellationRequestStore
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, CancellationRequest> _requests = [];
    private readonly Dictionary<Guid, List<CancellationRequestHistoryEntry>> _history = [];
    private readonly List<CancellationRequestChange> _changes = [];
    private long _lastPosition;
    private long _lastNumber;

    public Task<CancellationRequestAddResult> AddAsync(CancellationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (request.IdempotencyKey is { } key && _requests.Values.FirstOrDefault(r => r.IdempotencyKey == key) is { } existing)
            {
                return Task.FromResult(new CancellationRequestAddResult(existing, Added: false));
            }

            if (_requests.ContainsKey(request.Id))
            {
                throw new InvalidOperationException($"A cancellation request with id {request.Id} exists already.");
            }

            var stored = request with { Number = ++_lastNumber };
            _requests.Add(stored.Id, stored);
            _history.Add(stored.Id, []);
            return Task.FromResult(new CancellationRequestAddResult(stored, Added: true));
        }
    }

    public Task<CancellationRequestAddResult> AddInTransactionAsync(CancellationRequest request, DbTransaction transaction, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The in-memory store has no database to share a transaction with; use UseSqliteStore() or UsePostgreSqlStore().");

    public Task<CancellationRequest?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        Find(r => r.Id == id);

    public Task<CancellationRequest?> GetByNumberAsync(long number, CancellationToken cancellationToken = default) =>
        Find(r => r.Number == number);

    public Task<CancellationRequest?> GetByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return Find(r => r.IdempotencyKey == idempotencyKey);
    }

    public Task<CancellationRequest?> GetByCancellationIdAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default) =>
        Find(r => r.Kind == kind && r.CancellationId == cancellationId);

    public Task<CancellationRequestPage> ListAsync(CancellationRequestQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        lock (_gate)
        {
            var matching = _requests.Values
                .Where(r => (query.States is not { Count: > 0 } states || states.Contains(r.State))
                    && (query.Kind is null || r.Kind == query.Kind)
                    && (query.TargetId is null || r.TargetId == query.TargetId)
                    && (query.ScheduledFrom is null || r.ScheduledFor >= query.ScheduledFrom)
                    && (query.ScheduledBefore is null || r.ScheduledFor < query.ScheduledBefore))
                .OrderByDescending(r => r.Number)
                .ToList();
            return Task.FromResult(new CancellationRequestPage(matching.Skip(query.Offset).Take(query.Limit).ToList(), matching.Count));
        }
    }

    public Task<IReadOnlyList<CancellationRequest>> FindInFlightAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CancellationRequest>>(_requests.Values
                .Where(r => r.Kind == kind && r.TargetId == targetId && (CancellationRequestLifecycle.IsInFlight(r.State) || r.State == CancellationRequestState.Parked))
                .OrderBy(r => r.Number)
                .ToList());
        }
    }

    public Task<IReadOnlyList<CancellationRequestHistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CancellationRequestHistoryEntry>>(
                _requests.TryGetValue(id, out var request) ? [CancellationRequestMoves.Submitted(request), .. _history[id]] : []);
        }
    }

    public Task<IReadOnlyList<CancellationRequest>> ClaimDueAsync(string owner, TimeSpan leaseDuration, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var all = _requests.Values.ToList();
            var claimed = all
                .Where(r => r.State == CancellationRequestState.Scheduled && r.NextAttemptAt <= now && !HeldBack(r, all, now))
                .OrderByDescending(r => r.Priority).ThenBy(r => r.NextAttemptAt).ThenBy(r => r.Number)
                .Take(maxCount)
                .Select(r => CancellationRequestMoves.Claim(r, owner, now, leaseDuration))
                .ToList();
            foreach (var (request, entry) in claimed)
            {
                Record(request, entry);
                _requests[request.Id] = request;
            }

            return Task.FromResult<IReadOnlyList<CancellationRequest>>(claimed.ConvertAll(c => c.Request));
        }
    }

    public Task<IReadOnlyList<CancellationRequest>> FindUnsettledAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            return Task.FromResult<IReadOnlyList<CancellationRequest>>(_requests.Values
                .Where(r => r.State == CancellationRequestState.Sending && (r.ReconcileBy is { } by ? by <= now : r.LeaseExpiresAt <= now))
                .OrderBy(r => r.Number)
                .Take(maxCount)
                .ToList());
        }
    }

    public Task<CancellationRequest?> ChangeAsync(Guid id, Func<CancellationRequest, DateTimeOffset, CancellationRequestUpdate?> decide, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decide);
        lock (_gate)
        {
            if (!_requests.TryGetValue(id, out var current) || decide(current, timeProvider.GetUtcNow()) is not { } update)
            {
                return Task.FromResult<CancellationRequest?>(null);
            }

            CancellationRequestLifecycle.EnsureAllowed(current, update.Request);
            _requests[id] = update.Request;
            Record(update.Request, update.Entry);
            return Task.FromResult<CancellationRequest?>(update.Request);
        }
    }

    public Task<CancellationRequestStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            return Task.FromResult(new CancellationRequestStatistics
            {
                Counts = _requests.Values.GroupBy(r => r.State).ToDictionary(g => g.Key, g => (long)g.Count()),
                OldestDueAt = _requests.Values
                    .Where(r => r.State == CancellationRequestState.Scheduled && r.NextAttemptAt <= now)
                    .Min(r => r.NextAttemptAt),
                MeasuredAt = now,
            });
        }
    }

    public Task<IReadOnlyList<CancellationRequest>> ListAddedAfterAsync(long afterNumber, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CancellationRequest>>(
                _requests.Values.Where(r => r.Number > afterNumber).OrderBy(r => r.Number).Take(maxCount).ToList());
        }
    }

    public Task<IReadOnlyList<CancellationRequestChange>> ReadChangesAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CancellationRequestChange>>(
                _changes.Where(c => c.Position > afterPosition).Take(maxCount).ToList());
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset closedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            var old = _requests.Values
                .Where(r => CancellationRequestLifecycle.IsTerminal(r.State) && r.ClosedAt < closedBefore)
                .OrderBy(r => r.ClosedAt).Take(maxCount).Select(r => r.Id).ToList();
            foreach (var id in old)
            {
                _requests.Remove(id);
                _history.Remove(id);
            }

            _changes.RemoveAll(c => !_requests.ContainsKey(c.RequestId));

            return Task.FromResult(old.Count);
        }
    }

    private void Record(CancellationRequest request, CancellationRequestHistoryEntry entry)
    {
        _history[request.Id].Add(entry);
        _changes.Add(new CancellationRequestChange(++_lastPosition, request.Id, request.Kind, entry));
    }

    // The claim's fairness rule, the same as the relational stores' SQL: a target with a request sending, or with an
    // earlier request that is due or waiting for a retry, is held back; other targets are not.
    private static bool HeldBack(CancellationRequest r, List<CancellationRequest> all, DateTimeOffset now) =>
        all.Exists(o => o.Kind == r.Kind && o.TargetId == r.TargetId && o.Id != r.Id
            && (o.State == CancellationRequestState.Sending
                || (o.State == CancellationRequestState.Scheduled && o.Number < r.Number && (o.NextAttemptAt <= now || o.Attempts > 0))));

    private Task<CancellationRequest?> Find(Func<CancellationRequest, bool> match)
    {
        lock (_gate)
        {
            return Task.FromResult(_requests.Values.FirstOrDefault(match));
        }
    }
}
