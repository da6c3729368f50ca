using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Testing;
using FibreCafe.Tmf641;

namespace FibreCafe.Samples;

/// <summary>
/// On the sandbox, the <c>X-Scenario</c> header of a TMF <c>POST</c> picks the sandbox's answer to that one cancellation.
/// The POST only stores the request; the processing run sends it later, on its own flow, so the header travels as
/// request metadata (<c>Tmf641Options.HeadersToMetadata</c>) and this scope turns it back into the ambient scenario
/// around each attempt to send it.
/// </summary>
internal sealed partial class SandboxScenarioScope(ILogger<SandboxScenarioScope> logger) : ICancellationAttemptScope
{
    public const string MetadataKey = Tmf641Constants.HeaderMetadataPrefix + FibreCafeSandboxScenarios.Header;

    public IDisposable? Begin(CancellationRequest request)
    {
        if (request.Metadata?.GetValueOrDefault(MetadataKey) is not { } scenario)
        {
            return null;
        }

        if (FibreCafeSandboxScenarios.All.Contains(scenario))
        {
            return FibreCafeTestScenario.Begin(scenario);
        }

        // Sent as is, the sandbox would refuse the cancellation (400); a demo is better served by the default answer.
        LogUnknownScenario(logger, request.Id, scenario, string.Join(", ", FibreCafeSandboxScenarios.All));
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} asks for the unknown sandbox scenario '{Scenario}'; it is sent with the default one (known: {Known}).")]
    private static partial void LogUnknownScenario(ILogger logger, Guid requestId, string scenario, string known);
}
