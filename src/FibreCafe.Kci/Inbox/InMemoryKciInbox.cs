namespace FibreCafe.Kci;

/// <summary>
/// An <see cref="IKciInbox"/> held in memory: for tests and development only, since everything it holds
/// is lost when the process stops (and the gateway was told it was stored). It keeps every entry it was given,
/// done ones included, for as long as the process runs.
/// </summary>
/// <remarks>
/// Entries are indexed by KCI id, by status in arrival order, and pending ones by entity. A claim and the next due
/// time therefore cost in proportion to the pending entries (each entity looked at once), and the statistics
/// no more than that, instead of scanning everything received so far, which made a long-running development receiver slower
/// with each KCI it had ever handled.
/// </remarks>
/// <param name="timeProvider">The clock of leases and retries.</param>
public sealed class InMemoryKciInbox(TimeProvider timeProvider) : IKciInbox
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, Slot> _entries = [];
    private readonly SortedDictionary<long, Slot>[] _byStatus = [new(), new(), new()]; // indexed by KciInboxStatus
    private readonly Dictionary<string, List<Slot>> _pendingByEntity = new(StringComparer.Ordinal);
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
            var slot = new Slot(++_position, entry with
            {
                Body = entry.Body.ToArray(),
                Status = KciInboxStatus.Pending,
                NextAttemptAt = entry.NextAttemptAt ?? entry.ReceivedAt,
                ProducedEvents = [], // as the relational stores: events are recorded by CompleteAsync only
            });
            _entries.Add(entry.KciId, slot);
            Index(slot);
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

            // Each entity is looked at once per claim: its head, or null when it is claimed (or was just now).
            var claimable = new Dictionary<string, Slot?>(StringComparer.Ordinal);
            foreach (var slot in Pending.Values)
            {
                if (claimed.Count >= maxCount)
                {
                    break;
                }

                var key = slot.Entry.EntityKey;
                if (!claimable.TryGetValue(key, out var head))
                {
                    var entity = _pendingByEntity[key];
                    claimable[key] = head = LiveClaimUntil(entity, now) is null ? Head(entity) : null;
                }

                if (ReferenceEquals(head, slot) && slot.Entry.NextAttemptAt <= now)
                {
                    slot.Entry = slot.Entry with { LeaseId = Guid.NewGuid(), LeaseExpiresAt = now + leaseDuration };
                    claimed.Add(slot.Entry);
                    claimable[key] = null;
                }
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
            // Each entity's head is due at its next attempt, unless the entity is claimed: then when the claim lapses.
            DateTimeOffset? next = null;
            foreach (var entity in _pendingByEntity.Values)
            {
                var due = LiveClaimUntil(entity, now) ?? Head(entity).Entry.NextAttemptAt ?? now;
                next = next is null || due < next ? due : next;
            }

            return Task.FromResult(next);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default) =>
        Update(claimed, e => e with
        {
            Status = KciInboxStatus.Done,
            CompletedAt = timeProvider.GetUtcNow(),
            NextAttemptAt = null,
            ProducedEvents = claimed.ProducedEvents.ToArray(),
        }, entityState);

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
            if (!_entries.TryGetValue(kciId, out var slot) || slot.Entry.Status != KciInboxStatus.Parked)
            {
                return Task.FromResult(false);
            }

            Move(slot, slot.Entry with
            {
                Status = KciInboxStatus.Pending,
                Attempts = 0,
                NextAttemptAt = timeProvider.GetUtcNow(),
                CompletedAt = null,
                ProducedEvents = [],
            });
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(kciId, out var slot) ? slot.Entry : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<KciInboxEntry> listed = (uint)status < (uint)_byStatus.Length
                ? _byStatus[(int)status].Values.Take(maxCount).Select(s => s.Entry).ToList()
                : [];
            return Task.FromResult(listed);
        }
    }

    /// <inheritdoc />
    public Task<KciInboxPage> SearchAsync(KciInboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        lock (_gate)
        {
            IEnumerable<Slot> slots = query.Status is { } status
                ? ((uint)status < (uint)_byStatus.Length ? _byStatus[(int)status].Values : [])
                : _entries.Values;
            var matching = slots.Where(s => query.Matches(s.Entry)).OrderByDescending(s => s.Position).ToList();
            return Task.FromResult(new KciInboxPage(matching.Skip(query.Offset).Take(query.Limit).Select(s => s.Entry).ToList(), matching.Count));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> CountReceivedByHourAsync(DateTimeOffset from, int hours, CancellationToken cancellationToken = default)
    {
        PageBounds.ValidateHours(hours);
        var counts = new long[hours];
        lock (_gate)
        {
            foreach (var slot in _entries.Values)
            {
                var offset = slot.Entry.ReceivedAt - from;
                if (offset >= TimeSpan.Zero && offset < TimeSpan.FromHours(hours))
                {
                    counts[(int)(offset.Ticks / TimeSpan.TicksPerHour)]++;
                }
            }
        }

        return Task.FromResult<IReadOnlyList<long>>(counts);
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
    public Task<KciEntityStatePage> ListEntityStatesAsync(KciEntityStateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        lock (_gate)
        {
            var matching = _states.Values.Where(s => query.Matches(s.EntityKey))
                .OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.EntityKey, StringComparer.Ordinal).ToList();
            return Task.FromResult(new KciEntityStatePage(matching.Skip(query.Offset).Take(query.Limit).ToList(), matching.Count));
        }
    }

    /// <inheritdoc />
    public Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var pending = _byStatus[(int)KciInboxStatus.Pending];
            return Task.FromResult(new KciInboxStatistics(pending.Count, _byStatus[(int)KciInboxStatus.Parked].Count, _byStatus[(int)KciInboxStatus.Done].Count)
            {
                OldestPendingReceivedAt = pending.Count == 0 ? null : pending.Values.Min(s => s.Entry.ReceivedAt),
            });
        }
    }

    private SortedDictionary<long, Slot> Pending => _byStatus[(int)KciInboxStatus.Pending];

    // The entity's head: its pending entry of the lowest sequence number, the earlier arrival first, whether or not it
    // is due or claimed. Parked entries are not pending, so they do not hold their entity back (see docs/kci-receiver.md).
    private static Slot Head(List<Slot> entity)
    {
        var head = entity[0];
        foreach (var slot in entity)
        {
            if (Before(slot, head))
            {
                head = slot;
            }
        }

        return head;
    }

    private static bool Before(Slot a, Slot b) =>
        a.Entry.SequenceNumber < b.Entry.SequenceNumber || (a.Entry.SequenceNumber == b.Entry.SequenceNumber && a.Position < b.Position);

    // When the entity's live claim lapses, or null when none of its pending entries is under one.
    private static DateTimeOffset? LiveClaimUntil(List<Slot> entity, DateTimeOffset now)
    {
        DateTimeOffset? until = null;
        foreach (var slot in entity)
        {
            if (slot.Entry.LeaseExpiresAt is { } expires && expires > now && (until is null || expires > until))
            {
                until = expires;
            }
        }

        return until;
    }

    private Task<bool> Update(KciInboxEntry claimed, Func<KciInboxEntry, KciInboxEntry> change, KciEntityState? entityState)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        lock (_gate)
        {
            if (!_entries.TryGetValue(claimed.KciId, out var slot)
                || slot.Entry.Status != KciInboxStatus.Pending
                || slot.Entry.LeaseId is null
                || slot.Entry.LeaseId != claimed.LeaseId)
            {
                return Task.FromResult(false);
            }

            Move(slot, change(slot.Entry) with { LeaseId = null, LeaseExpiresAt = null });
            if (entityState is not null
                && (!_states.TryGetValue(entityState.EntityKey, out var current) || current.SequenceNumber < entityState.SequenceNumber))
            {
                _states[entityState.EntityKey] = entityState;
            }

            return Task.FromResult(true);
        }
    }

    // Replaces the slot's entry, re-indexing it when its status changes.
    private void Move(Slot slot, KciInboxEntry changed)
    {
        if (changed.Status == slot.Entry.Status)
        {
            slot.Entry = changed;
            return;
        }

        Unindex(slot);
        slot.Entry = changed;
        Index(slot);
    }

    private void Index(Slot slot)
    {
        _byStatus[(int)slot.Entry.Status].Add(slot.Position, slot);
        if (slot.Entry.Status == KciInboxStatus.Pending)
        {
            if (!_pendingByEntity.TryGetValue(slot.Entry.EntityKey, out var entity))
            {
                _pendingByEntity.Add(slot.Entry.EntityKey, entity = []);
            }

            entity.Add(slot);
        }
    }

    private void Unindex(Slot slot)
    {
        _byStatus[(int)slot.Entry.Status].Remove(slot.Position);
        if (slot.Entry.Status == KciInboxStatus.Pending)
        {
            var entity = _pendingByEntity[slot.Entry.EntityKey];
            entity.Remove(slot);
            if (entity.Count == 0)
            {
                _pendingByEntity.Remove(slot.Entry.EntityKey);
            }
        }
    }

    // One entry and its arrival position; the entry is replaced (records are immutable), the position never changes.
    private sealed class Slot(long position, KciInboxEntry entry)
    {
        public long Position { get; } = position;

        public KciInboxEntry Entry { get; set; } = entry;
    }
}
