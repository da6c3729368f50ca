using Microsoft.Extensions.Logging;

namespace FibreCafe.Kci.Telemetry;

/// <summary>The receiver's log messages. None takes a body, a credential or an Authorization header.</summary>
internal static partial class Log
{
    private static readonly Func<ILogger, string?, string?, IDisposable?> DeliveryScope =
        LoggerMessage.DefineScope<string?, string?>("FibreCafe KCI delivery X-Request-ID {FibreCafeRequestId} X-Conversation-ID {FibreCafeConversationId}");

    public static IDisposable? BeginDeliveryScope(ILogger logger, string? requestId, string? conversationId) =>
        DeliveryScope(logger, requestId, conversationId);

    [LoggerMessage(100, LogLevel.Debug, "KCI {KciId} (sequence {SequenceNumber}, {EntityKey}, {UpdateType}) stored; X-Request-ID {RequestId}, X-Conversation-ID {ConversationId}.")]
    public static partial void KciStored(ILogger logger, Guid kciId, long sequenceNumber, string entityKey, string updateType, string? requestId, string? conversationId);

    [LoggerMessage(101, LogLevel.Debug, "KCI {KciId} was already stored; acknowledged again without dispatching it (X-Request-ID {RequestId}).")]
    public static partial void KciDuplicate(ILogger logger, Guid kciId, string? requestId);

    [LoggerMessage(102, LogLevel.Warning, "KCI refused with {Status} {Code} (error uuid {ErrorUuid}, X-Request-ID {RequestId}): {Reason}")]
    public static partial void KciRefused(ILogger logger, int status, string code, string errorUuid, string? requestId, string reason);

    [LoggerMessage(103, LogLevel.Error, "KCI could not be received or stored; answered 503 so the gateway delivers it again (error uuid {ErrorUuid}, X-Request-ID {RequestId}).")]
    public static partial void ReceiverUnavailable(ILogger logger, string errorUuid, string? requestId, Exception exception);

    [LoggerMessage(104, LogLevel.Information, "KCI request not authenticated ({Status}, error uuid {ErrorUuid}, X-Request-ID {RequestId}): {Detail}")]
    public static partial void NotAuthenticated(ILogger logger, int status, string errorUuid, string? requestId, string? detail);

    [LoggerMessage(105, LogLevel.Debug, "KCI request authenticated by {Scheme} as {Identity}.")]
    public static partial void Authenticated(ILogger logger, string? scheme, string? identity);

    [LoggerMessage(106, LogLevel.Warning, "KCI request body not received, the client's fault: answered {Status} {Code} (error uuid {ErrorUuid}, X-Request-ID {RequestId}): {Reason}")]
    public static partial void KciBodyClientFault(ILogger logger, int status, string code, string errorUuid, string? requestId, string reason);

    [LoggerMessage(107, LogLevel.Information, "The client closed the connection before the KCI was received ({Stage}); nothing was stored or acknowledged (X-Request-ID {RequestId}): {Reason}")]
    public static partial void ClientDisconnected(ILogger logger, string stage, string? requestId, string reason);

    [LoggerMessage(110, LogLevel.Debug, "KCI {KciId} ({EntityKey}, sequence {SequenceNumber}) dispatched: {EventCount} event(s){Stale}.")]
    public static partial void KciDispatched(ILogger logger, Guid kciId, string entityKey, long sequenceNumber, int eventCount, string stale);

    [LoggerMessage(111, LogLevel.Warning, "KCI {KciId} ({EntityKey}) failed on attempt {Attempt}; retrying at {RetryAt:o}.")]
    public static partial void KciRetrying(ILogger logger, Guid kciId, string entityKey, int attempt, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(112, LogLevel.Error, "KCI {KciId} ({EntityKey}) parked after {Attempt} failed attempt(s); replay it with IKciInbox.ReplayAsync once fixed.")]
    public static partial void KciParked(ILogger logger, Guid kciId, string entityKey, int attempt, Exception? exception);

    [LoggerMessage(113, LogLevel.Warning, "KCI {KciId} lost its claim before it was finished; another dispatcher has it.")]
    public static partial void ClaimLost(ILogger logger, Guid kciId);

    [LoggerMessage(114, LogLevel.Error, "The KCI dispatcher could not reach the store; trying again in {DelayMs} ms.")]
    public static partial void DispatcherStoreFailed(ILogger logger, double delayMs, Exception exception);

    [LoggerMessage(115, LogLevel.Information, "Stored KCI {KciId} can no longer be read and is parked: {Reason}")]
    public static partial void StoredKciUnreadable(ILogger logger, Guid kciId, string reason);

    [LoggerMessage(116, LogLevel.Information, "Parked KCI {KciId} put back for dispatch.")]
    public static partial void KciReplayed(ILogger logger, Guid kciId);

    [LoggerMessage(117, LogLevel.Warning, "The KCI receiver keeps {What} in memory: acknowledged KCIs are lost when the process stops. Allowed in Development only; choose UseSqliteStore() or UsePostgreSqlStore(), or UseInMemoryStore() to keep it on purpose.")]
    public static partial void InMemoryStoreInDevelopment(ILogger logger, string what);
}
