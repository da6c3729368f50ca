namespace FibreCafe.Operations.Telemetry;

/// <summary>The operations page's log lines: every action, with who took it.</summary>
internal static partial class Log
{
    [LoggerMessage(1301, LogLevel.Information, "Operations: {User} took '{Action}' on {Target}: {Outcome}.")]
    public static partial void ActionTaken(ILogger logger, string user, string action, string target, string outcome);
}
