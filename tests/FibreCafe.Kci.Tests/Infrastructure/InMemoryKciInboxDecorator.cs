namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>An in-memory inbox whose operations a test can override, e.g. to make the store fail.</summary>
internal class InMemoryKciInboxDecorator : IKciInbox
{
    private readonly InMemoryKciInbox _inner = new();

    public virtual Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default) => _inner.AddAsync(entry, cancellationToken);

    public virtual Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default) => _inner.ClaimAsync(maxCount, leaseDuration, cancellationToken);

    public virtual Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) => _inner.GetNextDueAsync(cancellationToken);

    public virtual Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default) => _inner.CompleteAsync(claimed, entityState, cancellationToken);

    public virtual Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) => _inner.FailAsync(claimed, error, retryAt, cancellationToken);

    public virtual Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default) => _inner.ReleaseAsync(claimed, cancellationToken);

    public virtual Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default) => _inner.ReplayAsync(kciId, cancellationToken);

    public virtual Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default) => _inner.GetAsync(kciId, cancellationToken);

    public virtual Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default) => _inner.ListAsync(status, maxCount, cancellationToken);

    public virtual Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default) => _inner.GetEntityStateAsync(entityKey, cancellationToken);

    public virtual Task<KciInboxPage> SearchAsync(KciInboxQuery query, CancellationToken cancellationToken = default) => _inner.SearchAsync(query, cancellationToken);

    public virtual Task<IReadOnlyList<long>> CountReceivedByHourAsync(DateTimeOffset from, int hours, CancellationToken cancellationToken = default) => _inner.CountReceivedByHourAsync(from, hours, cancellationToken);

    public virtual Task<KciEntityStatePage> ListEntityStatesAsync(KciEntityStateQuery query, CancellationToken cancellationToken = default) => _inner.ListEntityStatesAsync(query, cancellationToken);

    public virtual Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => _inner.GetStatisticsAsync(cancellationToken);
}
