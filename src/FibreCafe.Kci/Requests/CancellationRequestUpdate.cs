namespace FibreCafe.Kci;

/// <summary>
/// What a decision passed to <see cref="ICancellationRequestStore.ChangeAsync"/> stores: the request as it is to be,
/// and the history entry that says why. The store refuses a state change <see cref="CancellationRequestLifecycle.CanMove"/> does not allow.
/// </summary>
/// <param name="Request">The whole request after the change (same <see cref="CancellationRequest.Id"/> and <see cref="CancellationRequest.Number"/>).</param>
/// <param name="Entry">The history entry to append.</param>
public sealed record CancellationRequestUpdate(CancellationRequest Request, CancellationRequestHistoryEntry Entry);
