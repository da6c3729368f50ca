using System.Text.Json;
using System.Text.Json.Nodes;
using FibreCafe.Kci;

namespace FibreCafe.Samples;

/// <summary>A domain event as one JSON line: its name, the KCI's identity, then the event's own fields.</summary>
internal static class EventJson
{
    public static JsonObject Of(KciEvent kciEvent)
    {
        var fields = JsonSerializer.SerializeToNode(kciEvent, kciEvent.GetType(), JsonLines.Options)!.AsObject();
        var line = new JsonObject
        {
            ["event"] = kciEvent.GetType().Name,
            ["kciId"] = kciEvent.KciId,
            ["sequenceNumber"] = kciEvent.SequenceNumber,
            ["entityType"] = kciEvent.EntityType.Value,
            ["entityId"] = EntityId(kciEvent),
        };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            if (!line.ContainsKey(name) && name is not "envelope")
            {
                line[name] = value;
            }
        }

        return line;
    }

    private static JsonNode? EntityId(KciEvent kciEvent) =>
        kciEvent.Envelope?.Entity is { ValueKind: JsonValueKind.Object } entity && entity.TryGetProperty("id", out var id)
            ? JsonNode.Parse(id.GetRawText())
            : null;
}
