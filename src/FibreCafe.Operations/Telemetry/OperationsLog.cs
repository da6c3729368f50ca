namespace FibreCafe.Operations.Telemetry;

/// <summary>The logger category of the operations page's audit lines.</summary>
internal sealed class OperationsLog(ILoggerFactory loggers)
{
    public ILogger Logger { get; } = loggers.CreateLogger("FibreCafe.Operations");
}
