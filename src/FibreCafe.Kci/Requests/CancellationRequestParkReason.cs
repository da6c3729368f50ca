namespace FibreCafe.Kci;

/// <summary>Why the processing run stopped a request and left it to an operator (<see cref="CancellationRequestState.Parked"/>).</summary>
public enum CancellationRequestParkReason
{
    /// <summary>Every attempt the options allow failed transiently (408, 429, 5xx other than 500, no connection, no token); the gateway never had it.</summary>
    RetriesExhausted = 1,

    /// <summary>
    /// An attempt failed after the request may have reached the gateway (a 500, an attempt timeout, a connection dropped
    /// after sending, or the instance sending it stopped) and no KCI about its order or problem came within the
    /// reconcile window. The gateway has no idempotency key: check the order before resubmitting.
    /// </summary>
    MayHaveBeenProcessed = 2,

    /// <summary>The gateway answered in a way the run neither retries nor takes as a refusal (403, a redirect, 404, 409); the gateway did not take it.</summary>
    UnexpectedAnswer = 3,
}
