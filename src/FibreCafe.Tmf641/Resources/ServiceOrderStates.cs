namespace FibreCafe.Tmf641.Resources;

/// <summary>
/// The TMF641 v4.1 <c>ServiceOrderStateType</c> of a Fibre Cafe order status (the table in docs/tmf641.md). A status
/// this library does not know is an order still in flight: <c>inProgress</c>.
/// </summary>
internal static class ServiceOrderStates
{
    public const string Cancelled = "cancelled";

    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["RECEIVED_BY_GATEWAY"] = "acknowledged",
        ["SENT_TO_SUPPLIER"] = "acknowledged",
        ["ACKNOWLEDGED"] = "acknowledged",
        ["IN_PROGRESS"] = "inProgress",
        ["PENDING"] = "pending",
        ["PENDING_AMENDMENT"] = "pending",
        ["HELD"] = "held",
        ["PENDING_CANCELLATION"] = "pendingCancellation",
        ["CANCELLED"] = Cancelled,
        ["REJECTED"] = "rejected",
        ["FAILED_TO_SEND"] = "failed",
        ["FAILED"] = "failed",
        ["COMPLETED"] = "completed",
        ["PARTIAL"] = "partial",
    };

    public static string Of(string? status) => status is not null && Table.TryGetValue(status, out var state) ? state : "inProgress";
}
