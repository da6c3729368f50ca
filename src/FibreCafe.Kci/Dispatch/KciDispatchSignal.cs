namespace FibreCafe.Kci.Dispatch;

/// <summary>Wakes the dispatcher as soon as a KCI is stored or replayed.</summary>
internal sealed class KciDispatchSignal : FibreCafe.Shared.WakeSignal;
