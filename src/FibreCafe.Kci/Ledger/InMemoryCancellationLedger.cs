namespace FibreCafe.Kci;

/// <summary>An <see cref="ICancellationLedger"/> held in memory: for tests and development; lost when the process stops.</summary>
public sealed class InMemoryCancellationLedger : ICancellationLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<(CancellationKind, long), CancellationRecord> _records = [];

    /// <inheritdoc />
    public Task RecordCreatedAsync(CancellationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            var key = (record.Kind, record.CancellationId);
            _records[key] = CancellationLifecycle.Merge(_records.GetValueOrDefault(key), record);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CancellationTransition> ApplyAsync(CancellationStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            var key = (update.Kind, update.CancellationId);
            var (transition, record) = CancellationLifecycle.Apply(_records.GetValueOrDefault(key), update);
            if (transition is CancellationTransition.Created or CancellationTransition.Advanced)
            {
                _records[key] = record!;
            }

            return Task.FromResult(transition);
        }
    }

    /// <inheritdoc />
    public Task<CancellationRecord?> GetAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault((kind, cancellationId)));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CancellationRecord>> FindByTargetAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CancellationRecord>>(
                _records.Values.Where(r => r.Kind == kind && r.TargetId == targetId).OrderByDescending(r => r.CancellationId).ToList());
        }
    }
}
