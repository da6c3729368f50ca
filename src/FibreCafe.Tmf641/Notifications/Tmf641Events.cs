using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FibreCafe.Tmf641.Resources;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>
/// The events the hub sends, in TMF641 v4.1's envelope (<c>eventId</c>, <c>eventTime</c>, <c>eventType</c>,
/// <c>correlationId</c>, <c>domain</c>, <c>title</c>, <c>description</c>, <c>priority</c>, <c>timeOcurred</c> — the
/// specification's spelling — and <c>event</c> holding the resource). An event's id is derived from what caused it, so a
/// producer that runs twice makes the same event, and every retry of its delivery carries the same <c>eventId</c>.
/// </summary>
internal static class Tmf641Events
{
    public const string CancelServiceOrderCreate = "CancelServiceOrderCreateEvent";
    public const string CancelServiceOrderStateChange = "CancelServiceOrderStateChangeEvent";
    public const string CancelServiceOrderInformationRequired = "CancelServiceOrderInformationRequiredEvent";
    public const string ServiceOrderStateChange = "ServiceOrderStateChangeEvent";

    public static readonly IReadOnlyList<string> Names = [CancelServiceOrderCreate, CancelServiceOrderStateChange, CancelServiceOrderInformationRequired, ServiceOrderStateChange];

    /// <summary>A stable id for the event <paramref name="cause"/> describes (a name-based UUID, version 8, from SHA-256).</summary>
    public static Guid IdOf(string cause)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(cause));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The listener path of an event: its name in camelCase, as the specification's <c>/listener/…</c> paths are.</summary>
    public static string ListenerPath(string eventType) => "listener/" + char.ToLowerInvariant(eventType[0]) + eventType[1..];

    public static JsonObject Envelope(Guid eventId, string eventType, DateTimeOffset occurred, DateTimeOffset now, string? correlationId, string title, string description, string resourceName, JsonObject resource, string? fieldPath = null)
    {
        var envelope = new JsonObject
        {
            ["eventId"] = eventId.ToString("D"),
            ["eventTime"] = Tmf641Json.Time(now),
            ["eventType"] = eventType,
        };
        envelope.Put("correlationId", correlationId)
            .Put("domain", Tmf641Constants.EventDomain)
            .Put("title", title)
            .Put("description", description)
            .Put("priority", "normal")
            .Put("timeOcurred", Tmf641Json.Time(occurred))
            .Put("fieldPath", fieldPath);
        envelope["event"] = new JsonObject { [resourceName] = resource };
        return envelope;
    }
}
