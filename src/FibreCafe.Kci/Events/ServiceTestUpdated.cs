using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>A KCI about a service test arrived (any update type); never raised by a stale KCI.</summary>
public sealed record ServiceTestUpdated : KciEvent
{
    /// <summary>Gets the gateway service test id.</summary>
    public long ServiceTestId { get; init; }

    /// <summary>Gets the test's status.</summary>
    public ServiceTestStatus Status { get; init; }

    /// <summary>Gets the update type of the KCI.</summary>
    public KciUpdateType UpdateType { get; init; }

    /// <summary>Gets the test as the KCI carried it.</summary>
    public ServiceTestEntity? Test { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
