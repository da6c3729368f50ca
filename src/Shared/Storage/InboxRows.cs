using System.Text.Json;
using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>The inbox and entity state rows of every store: read once here, and the parameters of an insert.</summary>
internal static class InboxRows
{
    public static KciInboxEntry Read(StoreRow r) => new()
    {
        KciId = r.Id("kci_id"),
        EntityKey = r.Text("entity_key"),
        SequenceNumber = r.Long("sequence_number"),
        EntityType = new KciEntityType(r.Text("entity_type")),
        UpdateType = new KciUpdateType(r.Text("update_type")),
        Supplier = r.Text("supplier"),
        DeliveredOn = r.Time("delivered_on"),
        ReceivedAt = r.Time("received_at"),
        RequestId = r.TextOrNull("request_id"),
        ConversationId = r.TextOrNull("conversation_id"),
        Body = r.Bytes("body"),
        Status = (KciInboxStatus)r.Int("status"),
        Attempts = r.Int("attempts"),
        NextAttemptAt = r.TimeOrNull("next_attempt_at"),
        LastError = r.TextOrNull("last_error"),
        CompletedAt = r.TimeOrNull("completed_at"),
        LeaseId = r.IdOrNull("lease_id"),
        LeaseExpiresAt = r.TimeOrNull("lease_expires_at"),
        ProducedEvents = ReadEvents(r.TextOrNull("produced_events")),
    };

    public static KciEntityState ReadState(StoreRow r) =>
        new(r.Text("entity_key"), r.Long("sequence_number"), r.Id("kci_id"), r.TextOrNull("status"), r.Time("updated_at"));

    /// <summary>The parameters of the dialect's insert: <c>@id, @key, @seq, @entityType, @updateType, @supplier, @deliveredOn, @receivedAt, @requestId, @conversationId, @body, @next</c>.</summary>
    public static (string, object?)[] Insert(KciInboxEntry entry, StoreDialect d) =>
    [
        ("@id", d.Id(entry.KciId)),
        ("@key", entry.EntityKey),
        ("@seq", entry.SequenceNumber),
        ("@entityType", entry.EntityType.Value),
        ("@updateType", entry.UpdateType.Value),
        ("@supplier", entry.Supplier),
        ("@deliveredOn", d.Time(entry.DeliveredOn)),
        ("@receivedAt", d.Time(entry.ReceivedAt)),
        ("@requestId", entry.RequestId),
        ("@conversationId", entry.ConversationId),
        ("@body", entry.Body.ToArray()),
        ("@next", d.Time(entry.NextAttemptAt ?? entry.ReceivedAt)),
    ];

    /// <summary>The <c>produced_events</c> of event names: a JSON array of strings, so that any name round-trips; <see langword="null"/> for none.</summary>
    public static string? Events(IReadOnlyList<string> names)
    {
        if (names is not { Count: > 0 })
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string[] ReadEvents(string? json)
    {
        if (json is null)
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
