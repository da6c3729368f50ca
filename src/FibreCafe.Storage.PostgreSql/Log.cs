using Microsoft.Extensions.Logging;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>The store's log messages. None takes the connection string, a body or a credential.</summary>
internal static partial class Log
{
    [LoggerMessage(300, LogLevel.Information, "KCI store schema '{Schema}': applied {Migration}.")]
    public static partial void SchemaMigrated(ILogger logger, string schema, string migration);

    [LoggerMessage(301, LogLevel.Warning, "KCI store schema '{Schema}' is at version {Version}, newer than this library's {Known}; continuing (migrations only add).")]
    public static partial void SchemaNewer(ILogger logger, string schema, int version, int known);
}
