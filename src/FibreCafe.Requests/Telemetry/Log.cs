using FibreCafe.Kci;

namespace FibreCafe.Requests.Telemetry;

/// <summary>The package's log messages, source-generated. Bodies, tokens and credentials are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Cancellation request {Number} submitted for {Kind} {TargetId}, due {ScheduledFor:O}.")]
    public static partial void Submitted(ILogger logger, long number, CancellationKind kind, long targetId, DateTimeOffset scheduledFor);

    [LoggerMessage(2, LogLevel.Information, "Cancellation request {Number} created by the gateway as cancellation {CancellationId} (attempt {Attempt}, X-Request-ID {RequestId}).")]
    public static partial void Created(ILogger logger, long number, long cancellationId, int attempt, string? requestId);

    [LoggerMessage(3, LogLevel.Warning, "Cancellation request {Number} was refused by the gateway: {Status} {Code} (uuid {ErrorUuid}).")]
    public static partial void Refused(ILogger logger, long number, int? status, string? code, string? errorUuid);

    [LoggerMessage(4, LogLevel.Warning, "Cancellation request {Number} attempt {Attempt} failed transiently ({Failure}); retrying at {RetryAt:O}.")]
    public static partial void Retrying(ILogger logger, long number, int attempt, string failure, DateTimeOffset retryAt);

    [LoggerMessage(5, LogLevel.Warning, "Cancellation request {Number} attempt {Attempt} may have reached the gateway ({Failure}); not resending, waiting for a KCI until {ReconcileBy:O}.")]
    public static partial void Ambiguous(ILogger logger, long number, int attempt, string failure, DateTimeOffset reconcileBy);

    [LoggerMessage(6, LogLevel.Error, "Cancellation request {Number} parked ({Reason}): {Detail}")]
    public static partial void Parked(ILogger logger, long number, CancellationRequestParkReason reason, string detail);

    [LoggerMessage(7, LogLevel.Warning, "Cancellation request {Number}: the lease of attempt {Attempt} was lost before its outcome was recorded; the outcome is left to the new holder or to the KCIs.")]
    public static partial void LeaseLost(ILogger logger, long number, int attempt);

    [LoggerMessage(8, LogLevel.Warning, "Cancellation request {Number} was left sending by instance {Owner}; waiting for a KCI until {ReconcileBy:O} instead of resending.")]
    public static partial void Orphaned(ILogger logger, long number, string? owner, DateTimeOffset reconcileBy);

    [LoggerMessage(9, LogLevel.Error, "The cancellation request processing run failed; it tries again in {Delay}.")]
    public static partial void RunFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Cancellation request retention deleted {Count} ended requests closed before {Cutoff:O}.")]
    public static partial void RetentionDeleted(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(11, LogLevel.Error, "Cancellation request retention failed; it runs again at the next interval.")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
