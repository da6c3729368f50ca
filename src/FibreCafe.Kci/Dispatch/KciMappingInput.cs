namespace FibreCafe.Kci.Dispatch;

/// <summary>What the mapper needs besides the KCI: the recorded state of its entity and what the ledger knows.</summary>
/// <param name="Envelope">The KCI.</param>
/// <param name="Entity">Its entity, bound once by <see cref="Kcis.KciReader"/>; <see langword="null"/> for an unknown entity type.</param>
/// <param name="Entry">Its inbox entry (correlation ids, entity key).</param>
/// <param name="Previous">The entity's recorded state, or <see langword="null"/>.</param>
/// <param name="OpenCancellation">The newest non-terminal cancellation of the order or problem, from the ledger.</param>
/// <param name="ReportedCancellation">The ledger's record of the cancellation whose id the KCI carries.</param>
internal sealed record KciMappingInput(
    KciEnvelope Envelope,
    KciEntity? Entity,
    KciInboxEntry Entry,
    KciEntityState? Previous,
    CancellationRecord? OpenCancellation,
    CancellationRecord? ReportedCancellation);
