using System.Globalization;
using System.Text.Json.Nodes;

namespace FibreCafe.Testing.Internal;

/// <summary>Builds the KCIs a simulated supplier sends about a cancellation (Tenant Updates API 1.14 shapes).</summary>
internal static class SandboxKcis
{
    public static JsonObject Outcome(
        string scenario, bool isOrder, long sequenceNumber, string supplier, JsonObject cancellation, DateTimeOffset now)
    {
        var entityId = cancellation[isOrder ? "orderId" : "serviceProblemId"]!.GetValue<long>();
        var (updateType, detailName, detail, entityStatus, requestStatus) = scenario switch
        {
            FibreCafeSandboxScenarios.CancellationRejected => ("ACTION_REQUIRED", "action", new JsonObject
            {
                ["type"] = "RESUBMIT",
                ["code"] = "OTHER",
                ["text"] = "The supplier rejected the cancellation: the work is past its point of no return.",
            }, "IN_PROGRESS", "REJECTED"),
            FibreCafeSandboxScenarios.CancellationPending => ("INFORMATIONAL", "information", new JsonObject
            {
                ["type"] = "UPDATE",
                ["text"] = "The supplier is considering the cancellation.",
            }, "PENDING_CANCELLATION", "PENDING"),
            _ => ("INFORMATIONAL", "information", new JsonObject { ["type"] = "CANCELLED" }, "CANCELLED", "COMPLETED"),
        };

        var request = (JsonObject)cancellation.DeepClone();
        request["status"] = requestStatus;
        var entity = new JsonObject { ["id"] = entityId, ["status"] = entityStatus, ["supplier"] = supplier };
        if (isOrder)
        {
            entity["orderType"] = "NEW";
        }

        entity["updated"] = Timestamp(now);
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["supplier"] = supplier,
            ["sequenceNumber"] = sequenceNumber,
            ["issuedOn"] = Timestamp(now),
            ["receivedOn"] = Timestamp(now),
            ["deliveredOn"] = Timestamp(now),
            ["updateType"] = updateType,
            [detailName] = detail,
            ["entityType"] = isOrder ? "PROVIDE_ORDER" : "SERVICE_PROBLEM",
            ["entity"] = entity,
            [isOrder ? "serviceOrderCancellation" : "serviceProblemCancellation"] = request,
        };
    }

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
