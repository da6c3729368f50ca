using FibreCafe.Client;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace FibreCafe.Testing.Internal;

/// <summary>A failure armed by <see cref="SandboxFaults"/>: the status, and the caller's body if any.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The caller's body, empty for none; <see langword="null"/> for the gateway's answer to <paramref name="Status"/>.</param>
/// <param name="ContentType">The content type of the caller's body.</param>
internal sealed record InjectedFailure(int Status, string? Body = null, string ContentType = "application/json");

/// <summary>
/// What the gateway (or what stands in front of it) answers with each status, per the contract's response codes:
/// a <c>{uuid, code, messages}</c> body where the gateway writes one, none where the WAF or a proxy answers.
/// </summary>
internal static class SandboxFaultAnswers
{
    /// <summary>How long a 429 asks the client to wait; 1 s, the least a whole-seconds Retry-After can ask for.</summary>
    public const string RetryAfterSeconds = "1";

    public static ResponseMessage For(InjectedFailure failure, bool isOrder)
    {
        var answer = failure.Body is null ? GatewayAnswer(failure.Status, isOrder) : Custom(failure);
        if (failure.Status == 429)
        {
            answer.Headers ??= new Dictionary<string, WireMockList<string>>();
            answer.Headers["Retry-After"] = new(RetryAfterSeconds);
        }

        return answer;
    }

    private static ResponseMessage GatewayAnswer(int status, bool isOrder) => status switch
    {
        400 => SandboxResponses.Error(400, "MALFORMED_REQUEST", "Missing mandatory field reasonCode."),
        401 => SandboxResponses.Error(401, "NOT_AUTHORISED", "Missing, invalid or expired access token."),
        404 => SandboxResponses.Error(404, "NOT_FOUND", isOrder ? "No service order found for orderId." : "No service problem found for serviceProblemId."),
        422 => SandboxResponses.Error(422, "INVALID_REQUEST", $"Invalid value for field reasonCode - accepted values are {AcceptedReasonCodes(isOrder)}"),
        500 => SandboxResponses.Error(500, "GATEWAY_FAULT", "An unexpected error occurred in the gateway."),
        501 => SandboxResponses.Error(501, "SUPPLIER_FAULT", "The supplier API returned the following message: 501 Not Implemented"),
        502 => SandboxResponses.Error(502, "SUPPLIER_FAULT", "The supplier API returned the following message: 500 Internal Server Error"),

        // 403 comes from the WAF, 408 / 429 / 504 from what stands in front of the gateway, 503 is documented without body.
        403 or 408 or 429 or 503 or 504 => SandboxResponses.Empty(status),
        >= 400 and < 500 => SandboxResponses.Error(status, "INVALID_REQUEST", $"Injected {status}: the gateway documents no such answer to this operation."),
        >= 500 => SandboxResponses.Error(status, "GATEWAY_FAULT", $"Injected {status}: the gateway documents no such answer to this operation."),
        _ => SandboxResponses.Empty(status),
    };

    private static ResponseMessage Custom(InjectedFailure failure) => failure.Body!.Length == 0
        ? SandboxResponses.Empty(failure.Status)
        : new()
        {
            StatusCode = failure.Status,
            Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(failure.ContentType) },
            BodyData = new BodyData { BodyAsString = failure.Body, DetectedBodyType = BodyType.String },
        };

    private static string AcceptedReasonCodes(bool isOrder) => isOrder
        ? string.Join(", ", OrderCancellationReasonCode.KnownValues)
        : string.Join(", ", ProblemCancellationReasonCode.KnownValues);
}
