using Microsoft.Extensions.Logging;

namespace FibreCafe.Storage.Sqlite;

/// <summary>The store's log messages. None takes a body or a credential.</summary>
internal static partial class Log
{
    [LoggerMessage(400, LogLevel.Information, "KCI store retention: deleted {Count} done KCI(s) completed before {Cutoff:o}.")]
    public static partial void RetentionDeleted(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(401, LogLevel.Warning, "KCI store retention could not run; trying again in {IntervalMs} ms.")]
    public static partial void RetentionFailed(ILogger logger, double intervalMs, Exception exception);
}
