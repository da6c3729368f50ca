using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;

namespace FibreCafe.Testing.Internal;

/// <summary>
/// <c>POST /service-order-cancellations</c> and <c>POST /service-problem-cancellations</c>: authentication,
/// correlation headers, the gateway's validation, a 201 with a gateway id, then the scenario's KCIs.
/// </summary>
internal sealed class SandboxCancellations(
    FibreCafeSandboxOptions options,
    SandboxTokens tokens,
    SandboxFaults faults,
    SandboxKciDeliverer deliverer,
    TimeProvider timeProvider)
{
    private static readonly Regex ProblemReason = new("^[A-Z_]{5,50}$", RegexOptions.Compiled);
    private readonly Regex _orderReason = new($"^[A-Z_]{{1,{options.MaxOrderReasonCodeLength}}}$", RegexOptions.Compiled);
    private readonly ConcurrentDictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private long _nextId = options.FirstId - 1;
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public ResponseMessage CancelOrder(IRequestMessage request) => Cancel(request, isOrder: true);

    public ResponseMessage CancelProblem(IRequestMessage request) => Cancel(request, isOrder: false);

    private ResponseMessage Cancel(IRequestMessage request, bool isOrder)
    {
        Interlocked.Increment(ref _requests);
        if (faults.TakeFailure() is { } failure)
        {
            return SandboxFaultAnswers.For(failure, isOrder);
        }

        if (!tokens.IsAuthorized(request))
        {
            return SandboxResponses.Error(401, "NOT_AUTHORISED", "Missing, invalid or expired access token.");
        }

        var conversationId = SandboxTokens.Header(request, "X-Conversation-ID");
        if (string.IsNullOrWhiteSpace(SandboxTokens.Header(request, "X-Request-ID")) || string.IsNullOrWhiteSpace(conversationId))
        {
            return SandboxResponses.Error(400, "MALFORMED_REQUEST", "The headers X-Request-ID and X-Conversation-ID are mandatory.");
        }

        var scenario = SandboxTokens.Header(request, FibreCafeSandboxScenarios.Header) ?? FibreCafeSandboxScenarios.CancellationAccepted;
        if (!FibreCafeSandboxScenarios.All.Contains(scenario))
        {
            return SandboxResponses.Error(400, "MALFORMED_REQUEST",
                $"Unknown X-Scenario '{scenario}'; expected one of {string.Join(", ", FibreCafeSandboxScenarios.All)}.");
        }

        if (!TryKciDelay(request, out var delay))
        {
            return SandboxResponses.Error(400, "MALFORMED_REQUEST", "X-Kci-Delay must be a whole number of seconds from 0 to 3600.");
        }

        var (valid, status, code, message) = SandboxRequestValidator.Validate(
            request.Body, isOrder ? "orderId" : "serviceProblemId", isOrder ? _orderReason : ProblemReason, allowsSupplier: isOrder);
        if (valid is null)
        {
            return SandboxResponses.Error(status, code!, message!);
        }

        var created = Created(valid, isOrder);
        var supplier = valid.Supplier ?? options.Supplier;

        // Sequence numbers are the entity's, as the gateway keeps them: every KCI about the order (or problem) takes
        // the next, across all its cancellations.
        var length = SandboxKcis.JourneyLength(scenario);
        var last = _sequences.AddOrUpdate($"{isOrder}:{valid.EntityId}", length, (_, n) => n + length);
        var journey = SandboxKcis.Journey(scenario, isOrder, last - length + 1, supplier, created, timeProvider.GetUtcNow());
        deliverer.Schedule(Delivered(journey), conversationId!, delay);

        // Processed, then answered with an error: the cancellation exists and its KCIs come, whatever the caller heard.
        return faults.TakeProcessedFailure() is { } processedButFailed
            ? SandboxFaultAnswers.For(processedButFailed, isOrder)
            : SandboxResponses.Json(201, created);
    }

    // The faults that change delivery, not content: newest first, and each KCI twice (the same body and id).
    private List<JsonObject> Delivered(IReadOnlyList<JsonObject> journey)
    {
        var kcis = faults.ReorderKcis ? journey.Reverse().ToList() : journey.ToList();
        return faults.DuplicateKcis ? kcis.SelectMany(k => new[] { k, (JsonObject)k.DeepClone() }).ToList() : kcis;
    }

    private JsonObject Created(ValidCancellation valid, bool isOrder)
    {
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject { ["id"] = id };
        if (isOrder)
        {
            body["supplierReference"] = $"SBX-{id}";
        }

        body["status"] = "RECEIVED_BY_GATEWAY";
        if (isOrder)
        {
            body["supplier"] = valid.Supplier ?? options.Supplier;
        }

        body[isOrder ? "orderId" : "serviceProblemId"] = valid.EntityId;
        body["reasonCode"] = valid.ReasonCode;
        if (valid.Text is not null)
        {
            body["text"] = valid.Text;
        }

        return body;
    }

    private bool TryKciDelay(IRequestMessage request, out TimeSpan delay)
    {
        delay = options.DefaultKciDelay;
        if (SandboxTokens.Header(request, FibreCafeSandboxScenarios.KciDelayHeader) is not { } header)
        {
            return true;
        }

        if (int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 3600)
        {
            delay = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return false;
    }
}
