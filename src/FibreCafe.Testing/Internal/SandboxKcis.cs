using System.Globalization;
using System.Text.Json.Nodes;

namespace FibreCafe.Testing.Internal;

/// <summary>Builds the KCIs a simulated supplier sends about a cancellation (Tenant Updates API 1.14 shapes).</summary>
internal static class SandboxKcis
{
    /// <summary>
    /// The gateway's KCIs about a created cancellation, in the order it sends them: received (the cancellation
    /// <c>RECEIVED_BY_GATEWAY</c>), pending (the entity <c>PENDING_CANCELLATION</c>, the cancellation <c>PENDING</c>),
    /// then the scenario's outcome (none for <see cref="FibreCafeSandboxScenarios.CancellationPending"/>).
    /// </summary>
    public static IReadOnlyList<JsonObject> Journey(string scenario, bool isOrder, long firstSequenceNumber, string supplier, JsonObject cancellation, DateTimeOffset now)
    {
        var received = Kci(isOrder, firstSequenceNumber, supplier, cancellation, now, "INFORMATIONAL", "information",
            new JsonObject { ["type"] = "UPDATE", ["text"] = "The gateway sent the cancellation to the supplier." }, "IN_PROGRESS", "RECEIVED_BY_GATEWAY");
        var pending = Kci(isOrder, firstSequenceNumber + 1, supplier, cancellation, now, "INFORMATIONAL", "information",
            new JsonObject { ["type"] = "UPDATE", ["text"] = "The supplier is considering the cancellation." }, "PENDING_CANCELLATION", "PENDING");
        return scenario == FibreCafeSandboxScenarios.CancellationPending
            ? [received, pending]
            : [received, pending, Outcome(scenario, isOrder, firstSequenceNumber + 2, supplier, cancellation, now)];
    }

    /// <summary>How many KCIs <see cref="Journey"/> sends for a scenario: the sequence numbers a cancellation takes.</summary>
    public static int JourneyLength(string scenario) => scenario == FibreCafeSandboxScenarios.CancellationPending ? 2 : 3;

    public static JsonObject Outcome(
        string scenario, bool isOrder, long sequenceNumber, string supplier, JsonObject cancellation, DateTimeOffset now) => scenario switch
    {
        FibreCafeSandboxScenarios.CancellationRejected => Kci(isOrder, sequenceNumber, supplier, cancellation, now, "ACTION_REQUIRED", "action", new JsonObject
        {
            ["type"] = "RESUBMIT",
            ["code"] = "OTHER",
            ["text"] = "The supplier rejected the cancellation: the work is past its point of no return.",
        }, "IN_PROGRESS", "REJECTED"),
        FibreCafeSandboxScenarios.CancellationPending => Kci(isOrder, sequenceNumber, supplier, cancellation, now, "INFORMATIONAL", "information", new JsonObject
        {
            ["type"] = "UPDATE",
            ["text"] = "The supplier is considering the cancellation.",
        }, "PENDING_CANCELLATION", "PENDING"),
        _ => Kci(isOrder, sequenceNumber, supplier, cancellation, now, "INFORMATIONAL", "information", new JsonObject { ["type"] = "CANCELLED" }, "CANCELLED", "COMPLETED"),
    };

    private static JsonObject Kci(
        bool isOrder, long sequenceNumber, string supplier, JsonObject cancellation, DateTimeOffset now,
        string updateType, string detailName, JsonObject detail, string entityStatus, string requestStatus)
    {
        var entityId = cancellation[isOrder ? "orderId" : "serviceProblemId"]!.GetValue<long>();
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
