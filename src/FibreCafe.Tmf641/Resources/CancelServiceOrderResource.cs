using System.Globalization;
using System.Text.Json.Nodes;
using FibreCafe.Kci;

namespace FibreCafe.Tmf641.Resources;

/// <summary>
/// A durable cancellation request as a TMF641 <c>CancelServiceOrder</c> (sub-classed as
/// <see cref="Tmf641Constants.ExtensionType"/>). Every order cancellation request is one, whoever submitted it.
/// </summary>
internal static class CancelServiceOrderResource
{
    /// <param name="request">The request (an order cancellation).</param>
    /// <param name="completedAt">When the completing KCI said the order was cancelled (the ledger's), for <c>effectiveCancellationDate</c>.</param>
    /// <param name="links">Where the resources are.</param>
    public static JsonObject Of(CancellationRequest request, DateTimeOffset? completedAt, Tmf641Links links)
    {
        var metadata = request.Metadata;
        var json = new JsonObject
        {
            ["id"] = request.Id.ToString("D"),
            ["href"] = links.CancelServiceOrder(request.Id),
            ["state"] = TaskStates.Of(request.State),
        };
        json.Put("cancellationReason", CancellationReason(request))
            .Put("requestedCancellationDate", RequestedDate(request))
            .Put("effectiveCancellationDate", request.State == CancellationRequestState.Completed ? Tmf641Json.Time(completedAt ?? request.ClosedAt) : null)
            .Put("completionMessage", CompletionMessage(request))
            .Put("errorMessage", ErrorMessage(request));
        json["serviceOrder"] = new JsonObject
        {
            ["id"] = request.TargetId.ToString(CultureInfo.InvariantCulture),
            ["href"] = links.ServiceOrder(request.TargetId),
            ["@referredType"] = "ServiceOrder",
        };
        json["@type"] = Tmf641Constants.ExtensionType;
        json["@baseType"] = Tmf641Constants.BaseType;
        json["number"] = request.Reference;
        json.Put("reasonCode", request.ReasonCode).Put("text", request.Text).Put("supplier", request.Supplier);
        return json;
    }

    /// <summary>The resource with its <c>effectiveCancellationDate</c> read from the ledger (the completing KCI's time) once completed.</summary>
    public static async Task<JsonObject> ReadAsync(CancellationRequest request, ICancellationLedger ledger, Tmf641Links links, CancellationToken cancellationToken)
    {
        DateTimeOffset? completedAt = null;
        if (request is { State: CancellationRequestState.Completed, CancellationId: { } cancellationId })
        {
            completedAt = (await ledger.GetAsync(CancellationKind.ServiceOrder, cancellationId, cancellationToken).ConfigureAwait(false))?.ClosedAt;
        }

        return Of(request, completedAt, links);
    }

    /// <summary>The reason as the TMF caller gave it; for a request made otherwise, its text when it is OTHER, else its code.</summary>
    private static string CancellationReason(CancellationRequest request) =>
        request.Metadata?.GetValueOrDefault(Tmf641Constants.ReasonMetadataKey)
        ?? (request.ReasonCode == Tmf641Constants.DefaultReasonCode && request.Text is { } text ? text : request.ReasonCode);

    /// <summary>The date the caller asked for; for a request made otherwise, its schedule when it was made for later.</summary>
    private static JsonNode? RequestedDate(CancellationRequest request) =>
        request.Metadata?.GetValueOrDefault(Tmf641Constants.RequestedDateMetadataKey) is { } given
            ? JsonValue.Create(given)
            : request.ScheduledFor > request.CreatedAt ? Tmf641Json.Time(request.ScheduledFor) : null;

    private static string? CompletionMessage(CancellationRequest request) => request.State switch
    {
        CancellationRequestState.Completed => Join("The supplier cancelled the order.", request.StatusReason),
        CancellationRequestState.Rejected => Join("The supplier refused the cancellation; the order goes on.", request.StatusReason),
        _ => null,
    };

    private static JsonObject? ErrorMessage(CancellationRequest request)
    {
        var (code, reason, message, status) = request.State switch
        {
            CancellationRequestState.Refused => (request.ErrorCode ?? "REFUSED", "The Fibre Cafe gateway refused the cancellation.",
                Join(request.ErrorMessage?.Replace('\n', ' '), request.ErrorUuid is { } uuid ? $"(error uuid {uuid})" : null), request.ResponseStatus?.ToString(CultureInfo.InvariantCulture)),
            CancellationRequestState.FailedToSend => ("FAILED_TO_SEND", "The Fibre Cafe gateway could not send the cancellation to the supplier.", request.StatusReason, null),
            CancellationRequestState.Parked => (ParkCode(request.ParkReason), "The cancellation was stopped and waits for an operator.", request.StatusReason, null),
            CancellationRequestState.Withdrawn => ("WITHDRAWN", "The cancellation was withdrawn before it was sent.", null, null),
            _ => (null, null, null, null),
        };
        return code is null
            ? null
            : new JsonObject { ["code"] = code, ["reason"] = reason }.Put("message", message).Put("status", status).Put("@type", "ErrorMessage");
    }

    private static string ParkCode(CancellationRequestParkReason? reason) => reason switch
    {
        CancellationRequestParkReason.MayHaveBeenProcessed => "MAY_HAVE_BEEN_PROCESSED",
        CancellationRequestParkReason.RetriesExhausted => "RETRIES_EXHAUSTED",
        CancellationRequestParkReason.UnexpectedAnswer => "UNEXPECTED_ANSWER",
        _ => "PARKED",
    };

    private static string? Join(string? first, string? second) =>
        string.IsNullOrWhiteSpace(second) ? first : string.IsNullOrWhiteSpace(first) ? second : $"{first} {second}";
}
