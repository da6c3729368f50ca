namespace FibreCafe.Kci;

/// <summary>One recorded move of a request, with its place in the store's feed of moves (<see cref="ICancellationRequestStore.ReadChangesAfterAsync"/>).</summary>
/// <param name="Position">Its place in the feed: increasing, with gaps (a rolled-back change), unique across requests.</param>
/// <param name="RequestId">The request it moved.</param>
/// <param name="Kind">What the request cancels.</param>
/// <param name="Entry">The move.</param>
public sealed record CancellationRequestChange(long Position, Guid RequestId, CancellationKind Kind, CancellationRequestHistoryEntry Entry);
