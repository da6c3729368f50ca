using FibreCafe.Kci;

namespace FibreCafe.Requests;

/// <summary>
/// Runs around each attempt to send a request, on the attempt's async flow: e.g. to open a log scope, or to put the
/// ambient context a request's <see cref="CancellationRequest.Metadata"/> asks for (a sandbox scenario in a demo).
/// Register with <c>services.AddSingleton&lt;ICancellationAttemptScope, T&gt;()</c>; every registered one runs.
/// </summary>
public interface ICancellationAttemptScope
{
    /// <summary>Begins the scope of one attempt.</summary>
    /// <param name="request">The request about to be sent, leased.</param>
    /// <returns>What ends the scope once the attempt has its answer, or <see langword="null"/> for nothing.</returns>
    IDisposable? Begin(CancellationRequest request);
}
