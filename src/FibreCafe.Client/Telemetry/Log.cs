using Microsoft.Extensions.Logging;

namespace FibreCafe.Client;

/// <summary>The client's log messages. None of them takes a secret, a token or an Authorization header.</summary>
internal static partial class Log
{
    private static readonly Func<ILogger, string, string, IDisposable?> CorrelationScope =
        LoggerMessage.DefineScope<string, string>("FibreCafe X-Request-ID {FibreCafeRequestId} X-Conversation-ID {FibreCafeConversationId}");

    private static readonly Func<ILogger, string, string, string, IDisposable?> NamedClientScope =
        LoggerMessage.DefineScope<string, string, string>(
            "FibreCafe client {FibreCafeClientName} X-Request-ID {FibreCafeRequestId} X-Conversation-ID {FibreCafeConversationId}");

    /// <summary>The scope of one call: its ids, and the client's name when it is a named client.</summary>
    public static IDisposable? BeginCallScope(ILogger logger, FibreCafe.Client.DependencyInjection.FibreCafeClientRegistration client, FibreCafeCorrelation correlation) =>
        client.IsDefault
            ? CorrelationScope(logger, correlation.RequestId, correlation.ConversationId)
            : NamedClientScope(logger, client.Name, correlation.RequestId, correlation.ConversationId);

    [LoggerMessage(1, LogLevel.Information, "Cancellation request not sent: field {Field} is invalid (X-Request-ID {RequestId}).")]
    public static partial void RequestInvalid(ILogger logger, string field, string requestId);

    [LoggerMessage(2, LogLevel.Debug, "{Method} {Path} answered {Status} after {Attempts} attempt(s) in {ElapsedMs} ms.")]
    public static partial void CallCompleted(ILogger logger, string method, string? path, int status, int attempts, double elapsedMs);

    [LoggerMessage(3, LogLevel.Information, "{Method} {Path} failed with {Status} {ErrorCode} after {Attempts} attempt(s); error uuid {ErrorUuid}.")]
    public static partial void CallFailed(ILogger logger, string method, string? path, int status, string? errorCode, int attempts, string? errorUuid);

    [LoggerMessage(4, LogLevel.Information, "{Method} {Path} failed after {Attempts} attempt(s): {Reason}.")]
    public static partial void CallFailedWithoutResponse(ILogger logger, string method, string? path, int attempts, string reason);

    [LoggerMessage(5, LogLevel.Error, "Cancellation observer {Observer} failed; the cancellation itself was created.")]
    public static partial void ObserverFailed(ILogger logger, string observer, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Retrying attempt {Attempt} in {DelayMs} ms after {Outcome}.")]
    public static partial void Retrying(ILogger logger, int attempt, double delayMs, string outcome);

    [LoggerMessage(11, LogLevel.Information, "Not retrying: the gateway asked to wait {RetryAfterMs} ms, beyond the {RemainingMs} ms left of the total timeout.")]
    public static partial void RetryAfterBeyondBudget(ILogger logger, double retryAfterMs, double remainingMs);

    // The timeouts are the handlers' own, not Polly strategies: these lines are their OnTimeout events, at Information.
    [LoggerMessage(12, LogLevel.Information, "Attempt {Attempt} timed out after {TimeoutMs} ms.")]
    public static partial void AttemptTimedOut(ILogger logger, int attempt, double timeoutMs);

    [LoggerMessage(13, LogLevel.Information, "The call timed out after {TimeoutMs} ms, retries and waits included.")]
    public static partial void CallTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(20, LogLevel.Debug, "Requesting an access token from {TokenEndpoint} for client {ClientId}.")]
    public static partial void TokenRequesting(ILogger logger, Uri tokenEndpoint, string clientId);

    [LoggerMessage(21, LogLevel.Debug, "Access token issued for client {ClientId}; it expires in {ExpiresInSeconds} s.")]
    public static partial void TokenIssued(ILogger logger, string clientId, int expiresInSeconds);

    [LoggerMessage(22, LogLevel.Warning, "Access token request for client {ClientId} failed: {Status} {OAuthError}.")]
    public static partial void TokenRequestFailed(ILogger logger, string clientId, int? status, string? oAuthError);

    [LoggerMessage(23, LogLevel.Warning, "Background refresh of the access token for client {ClientId} failed; the current token stays in use until it expires.")]
    public static partial void TokenBackgroundRefreshFailed(ILogger logger, string clientId, Exception exception);

    [LoggerMessage(25, LogLevel.Warning, "The access token for client {ClientId} came with expires_in {ExpiresIn}; it is used by the calls waiting for it and not cached.")]
    public static partial void TokenNotCached(ILogger logger, string clientId, string expiresIn);

    [LoggerMessage(26, LogLevel.Information, "The access token for client {ClientId} came with expires_in {ExpiresIn}; it is cached for {CachedSeconds} s ({Setting}).")]
    public static partial void TokenLifetimeCapped(ILogger logger, string clientId, string expiresIn, double cachedSeconds, string setting);

    [LoggerMessage(24, LogLevel.Information, "The gateway answered 401; renewing the access token and sending once more.")]
    public static partial void RenewingAfterUnauthorized(ILogger logger);
}
