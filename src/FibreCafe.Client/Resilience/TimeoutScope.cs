using Polly.Timeout;

namespace FibreCafe.Client.Resilience;

/// <summary>
/// One running timeout from <see cref="TimeoutTokenSourcePool"/>; hand it back with
/// <see cref="TimeoutTokenSourcePool.End"/> when the guarded work has ended. It reports a timeout exactly as Polly's
/// timeout strategy reports one: a <see cref="TimeoutRejectedException"/> with Polly's message, raised only when the
/// timer fired, the work ended in an <see cref="OperationCanceledException"/> and the caller had not cancelled.
/// </summary>
/// <remarks>Kept small (it lives in the async state machine of every call): the pool and the timeout are the caller's.</remarks>
internal readonly struct TimeoutScope
{
    internal TimeoutScope(CancellationTokenSource source, CancellationTokenRegistration link)
    {
        Source = source;
        Link = link;
    }

    /// <summary>Gets the token to pass to the guarded work.</summary>
    public CancellationToken Token => Source.Token;

    internal CancellationTokenSource Source { get; }

    internal CancellationTokenRegistration Link { get; }

    /// <summary>
    /// Returns the <see cref="TimeoutRejectedException"/> that replaces <paramref name="exception"/> when it is this
    /// timeout (of <paramref name="timeout"/>) that ended the work, else <see langword="null"/>.
    /// </summary>
    public TimeoutRejectedException? Rejection(Exception exception, CancellationToken callerToken, TimeSpan timeout) =>
        Source.IsCancellationRequested && exception is OperationCanceledException canceled && !callerToken.IsCancellationRequested
            ? new TimeoutRejectedException($"The operation didn't complete within the allowed timeout of '{timeout}'.", timeout, canceled)
            : null;
}
