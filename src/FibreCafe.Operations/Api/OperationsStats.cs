using System.Text.Json;
using System.Text.Json.Serialization;

namespace FibreCafe.Operations.Api;

/// <summary>The JSON of <c>{mount}/api/stats</c>, and the numbers of the overview page.</summary>
internal sealed record OperationsStats(
    DateTimeOffset MeasuredAt,
    InboxStats Inbox,
    RequestStats Requests,
    IReadOnlyList<SubscriptionStats> Notifications);

/// <summary>
/// The KCI inbox: counts by status and the age of the oldest pending entry. <see cref="Done"/> only on the overview
/// page: counting the done entries reads one index entry each, which a monitoring poll should not pay.
/// </summary>
internal sealed record InboxStats(
    long Pending,
    long Parked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Done,
    double? OldestPendingAgeSeconds);

/// <summary>
/// Cancellation requests: counts by state; overdue (still scheduled longer than <c>CancellationRequestsOptions.OverdueAge</c>
/// after their time, the health check's threshold); parked; the age of the oldest due one.
/// </summary>
internal sealed record RequestStats(IReadOnlyDictionary<string, long> ByState, long Overdue, long Parked, double OldestDueAgeSeconds);

/// <summary>One notification subscription's delivery backlog.</summary>
internal sealed record SubscriptionStats(Guid SubscriptionId, string Api, string Callback, long Pending, long Parked, double? OldestPendingAgeSeconds);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OperationsStats))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;
