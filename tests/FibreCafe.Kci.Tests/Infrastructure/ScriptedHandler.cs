namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>What <see cref="ScriptedHandler"/> does: fail a number of times, fail until told otherwise, or block.</summary>
internal sealed class HandlerScript
{
    private int _calls;

    public int FailuresLeft { get; set; }

    public bool FailAlways { get; set; }

    public bool BlockUntilCancelled { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<long> Sequences { get; } = [];

    public async Task RunAsync(KciEvent kciEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Sequences)
        {
            Sequences.Add(kciEvent.SequenceNumber);
        }

        Started.TrySetResult();
        if (BlockUntilCancelled)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (FailAlways || FailuresLeft-- > 0)
        {
            throw new InvalidOperationException("The retailer's order system is down.");
        }
    }
}

/// <summary>A handler of <see cref="ServiceOrderStatusChanged"/> that follows the test's <see cref="HandlerScript"/>.</summary>
internal sealed class ScriptedHandler(HandlerScript script) : IKciEventHandler<ServiceOrderStatusChanged>
{
    public Task HandleAsync(ServiceOrderStatusChanged kciEvent, CancellationToken cancellationToken) => script.RunAsync(kciEvent, cancellationToken);
}
