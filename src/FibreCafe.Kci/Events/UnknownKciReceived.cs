using FibreCafe.Kci.Dispatch;

namespace FibreCafe.Kci;

/// <summary>
/// A KCI whose entity type or update type this version of the library does not know. It was stored
/// and acknowledged like any other; <see cref="KciEvent.Envelope"/> holds all of it.
/// </summary>
public sealed record UnknownKciReceived : KciEvent
{
    /// <summary>Gets the update type as sent.</summary>
    public KciUpdateType UpdateType { get; init; }

    /// <summary>Gets what was not known, e.g. <c>entityType ETHERNET_ORDER</c>.</summary>
    public string? Unknown { get; init; }

    internal override Task PublishAsync(IKciEventSink sink, CancellationToken cancellationToken) => sink.PublishAsync(this, cancellationToken);
}
