namespace FibreCafe.Kci;

/// <summary>
/// An <see cref="IKciInbox"/> held in memory: for tests and development only, since everything it holds
/// is lost when the process stops (and the gateway was told it was stored).
/// </summary>
/// <param name="timeProvider">The clock of leases and retries.</param>
public sealed class InMemoryKciInbox(TimeProvider timeProvider) : IKciInbox
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, (long Position, KciInboxEntry Entry)> _entries = [];
    private readonly Dictionary<string, KciEntityState> _states = new(StringComparer.Ordinal);
    private long _position;

    /// <summary>Initializes a new instance on the system clock.</summary>
    public InMemoryKciInbox()
        : this(TimeProvider.System)
    {
    }

    /// <inheritdoc />
    public Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (_entries.ContainsKey(entry.KciId))
            {
                return Task.FromResult(KciInboxAddResult.Duplicate);
            }

            // Keep a private copy of the body: the caller's buffer may be pooled.
            var stored = entry with { Body = entry.Body.ToArray(), Status = KciInboxStatus.Pending, NextAttemptAt = entry.NextAttemptAt ?? entry.ReceivedAt };
            _entries.Add(entry.KciId, (++_position, stored));
            return Task.FromResult(KciInboxAddResult.Added);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var claimed = new List<KciInboxEntry>();
            foreach (var (position, head) in Heads(now).Where(h => h.Entry.NextAttemptAt <= now).OrderBy(h => h.Position).Take(maxCount))
            {
                var leased = head with { LeaseId = Guid.NewGuid(), LeaseExpiresAt = now + leaseDuration };
                _entries[head.KciId] = (position, leased);
                claimed.Add(leased);
            }

            return Task.FromResult<IReadOnlyList<KciInboxEntry>>(claimed);
        }
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var pending = _entries.Values.Select(v => v.Entry).Where(e => e.Status == KciInboxStatus.Pending).ToList();
            var busyUntil = pending.Where(e => e.LeaseExpiresAt > now).Select(e => e.LeaseExpiresAt!.Value);
            var due = Heads(now).Select(h => h.Entry.NextAttemptAt ?? now);
            var next = busyUntil.Concat(due).Select(t => (DateTimeOffset?)t).Min();
            return Task.FromResult(next);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default) =>
        Update(claimed, e => e with { Status = KciInboxStatus.Done, CompletedAt = timeProvider.GetUtcNow(), NextAttemptAt = null }, entityState);

    /// <inheritdoc />
    public Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) =>
        Update(claimed, e => e with
        {
            Attempts = e.Attempts + 1,
            LastError = error,
            Status = retryAt is null ? KciInboxStatus.Parked : KciInboxStatus.Pending,
            NextAttemptAt = retryAt,
            CompletedAt = retryAt is null ? timeProvider.GetUtcNow() : null,
        }, entityState: null);

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default) =>
        Update(claimed, e => e, entityState: null);

    /// <inheritdoc />
    public Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(kciId, out var found) || found.Entry.Status != KciInboxStatus.Parked)
            {
                return Task.FromResult(false);
            }

            _entries[kciId] = (found.Position, found.Entry with
            {
                Status = KciInboxStatus.Pending,
                Attempts = 0,
                NextAttemptAt = timeProvider.GetUtcNow(),
                CompletedAt = null,
            });
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(kciId, out var found) ? found.Entry : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<KciInboxEntry>>(
                _entries.Values.Where(v => v.Entry.Status == status).OrderBy(v => v.Position).Take(maxCount).Select(v => v.Entry).ToList());
        }
    }

    /// <inheritdoc />
    public Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_states.GetValueOrDefault(entityKey));
        }
    }

    /// <inheritdoc />
    public Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var counts = _entries.Values.GroupBy(v => v.Entry.Status).ToDictionary(g => g.Key, g => (long)g.Count());
            return Task.FromResult(new KciInboxStatistics(
                counts.GetValueOrDefault(KciInboxStatus.Pending), counts.GetValueOrDefault(KciInboxStatus.Parked), counts.GetValueOrDefault(KciInboxStatus.Done)));
        }
    }

    // The claimable head of every entity: its lowest pending sequence number, when no entry of that
    // entity is under a live claim. Parked entries do not hold their entity back (see docs/kci-receiver.md).
    private IEnumerable<(long Position, KciInboxEntry Entry)> Heads(DateTimeOffset now) =>
        _entries.Values
            .Where(v => v.Entry.Status == KciInboxStatus.Pending)
            .GroupBy(v => v.Entry.EntityKey, StringComparer.Ordinal)
            .Where(g => !g.Any(v => v.Entry.LeaseExpiresAt > now))
            .Select(g => g.OrderBy(v => v.Entry.SequenceNumber).ThenBy(v => v.Position).First());

    private Task<bool> Update(KciInboxEntry claimed, Func<KciInboxEntry, KciInboxEntry> change, KciEntityState? entityState)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        lock (_gate)
        {
            if (!_entries.TryGetValue(claimed.KciId, out var found)
                || found.Entry.Status != KciInboxStatus.Pending
                || found.Entry.LeaseId is null
                || found.Entry.LeaseId != claimed.LeaseId)
            {
                return Task.FromResult(false);
            }

            _entries[claimed.KciId] = (found.Position, change(found.Entry) with { LeaseId = null, LeaseExpiresAt = null });
            if (entityState is not null
                && (!_states.TryGetValue(entityState.EntityKey, out var current) || current.SequenceNumber < entityState.SequenceNumber))
            {
                _states[entityState.EntityKey] = entityState;
            }

            return Task.FromResult(true);
        }
    }
}
