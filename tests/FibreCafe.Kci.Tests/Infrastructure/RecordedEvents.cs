using System.Collections.Concurrent;

namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>Every domain event the host's handlers heard, in order.</summary>
internal sealed class RecordedEvents
{
    private readonly ConcurrentQueue<KciEvent> _events = new();

    public IReadOnlyList<KciEvent> All => _events.ToArray();

    public void Add(KciEvent kciEvent) => _events.Enqueue(kciEvent);

    public IReadOnlyList<T> Of<T>() where T : KciEvent => All.OfType<T>().ToList();

    public IReadOnlyList<KciEvent> ForKci(Guid kciId) => All.Where(e => e.KciId == kciId).ToList();

    public IReadOnlyList<string> NamesForKci(Guid kciId) => ForKci(kciId).Select(e => e.GetType().Name).ToList();
}

/// <summary>Hears every event (the catch-all handler) and records it.</summary>
internal sealed class RecordingHandler(RecordedEvents events) : IKciEventHandler<KciEvent>
{
    public Task HandleAsync(KciEvent kciEvent, CancellationToken cancellationToken)
    {
        events.Add(kciEvent);
        return Task.CompletedTask;
    }
}
