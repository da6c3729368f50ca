namespace FibreCafe.Requests.Processing;

/// <summary>Wakes the processing run as soon as a request is submitted, rescheduled or resubmitted, or a send ends.</summary>
internal sealed class CancellationProcessingSignal : FibreCafe.Shared.WakeSignal;
