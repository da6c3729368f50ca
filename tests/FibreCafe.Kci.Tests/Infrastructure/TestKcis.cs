using System.Text.Json.Nodes;

namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>Builds KCI bodies for tests, starting from a valid one and changing what a test is about.</summary>
internal static class TestKcis
{
    public static JsonObject Order(
        long orderId = 12345,
        long sequenceNumber = 1,
        string status = "ACKNOWLEDGED",
        string updateType = "INFORMATIONAL",
        string? informationType = "ACKNOWLEDGED",
        string entityType = "PROVIDE_ORDER",
        Guid? id = null)
    {
        var kci = new JsonObject
        {
            ["id"] = (id ?? Guid.NewGuid()).ToString("D"),
            ["supplier"] = "FIBRECO",
            ["sequenceNumber"] = sequenceNumber,
            ["deliveredOn"] = "2024-04-10T09:53:38.817Z",
            ["updateType"] = updateType,
            ["entityType"] = entityType,
            ["entity"] = new JsonObject { ["id"] = orderId, ["orderType"] = "NEW", ["status"] = status, ["supplier"] = "FIBRECO" },
        };
        switch (updateType)
        {
            case "INFORMATIONAL":
                kci["information"] = new JsonObject { ["type"] = informationType };
                break;
            case "ACTION_REQUIRED":
                kci["action"] = new JsonObject { ["type"] = "RESUBMIT", ["text"] = "Rejected by the supplier." };
                break;
            case "ERROR":
                kci["error"] = new JsonObject { ["uuid"] = Guid.NewGuid().ToString(), ["code"] = "SUPPLIER_FAULT", ["messages"] = new JsonArray("Supplier down.") };
                break;
        }

        return kci;
    }

    public static JsonObject Problem(long problemId = 777, long sequenceNumber = 1, string status = "IN_PROGRESS", string updateType = "INFORMATIONAL", string? informationType = "UPDATE")
    {
        var kci = Order(problemId, sequenceNumber, status, updateType, informationType, "SERVICE_PROBLEM");
        kci["entity"] = new JsonObject { ["id"] = problemId, ["status"] = status, ["serviceId"] = "BBEU12345678" };
        return kci;
    }

    public static Guid IdOf(JsonObject kci) => Guid.Parse((string)kci["id"]!);

    public static string ExamplesFolder => Path.Combine(AppContext.BaseDirectory, "contracts", "examples", "kcis");

    public static string Example(string name) => File.ReadAllText(Path.Combine(ExamplesFolder, name));

    public static IEnumerable<string> ExampleNames => Directory.GetFiles(ExamplesFolder, "*.json").Select(Path.GetFileName).Order()!;
}
