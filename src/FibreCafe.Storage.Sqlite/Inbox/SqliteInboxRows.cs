using FibreCafe.Kci;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>Reads inbox and entity state rows.</summary>
internal static class SqliteInboxRows
{
    public static KciInboxEntry Read(SqliteDataReader r) => new()
    {
        KciId = Guid.Parse((string)r["kci_id"]),
        EntityKey = (string)r["entity_key"],
        SequenceNumber = (long)r["sequence_number"],
        EntityType = new KciEntityType((string)r["entity_type"]),
        UpdateType = new KciUpdateType((string)r["update_type"]),
        Supplier = (string)r["supplier"],
        DeliveredOn = r.GetTime("delivered_on")!.Value,
        ReceivedAt = r.GetTime("received_at")!.Value,
        RequestId = r.GetText("request_id"),
        ConversationId = r.GetText("conversation_id"),
        Body = (byte[])r["body"],
        Status = (KciInboxStatus)(long)r["status"],
        Attempts = (int)(long)r["attempts"],
        NextAttemptAt = r.GetTime("next_attempt_at"),
        LastError = r.GetText("last_error"),
        CompletedAt = r.GetTime("completed_at"),
        LeaseId = r.GetText("lease_id") is { } lease ? Guid.Parse(lease) : null,
        LeaseExpiresAt = r.GetTime("lease_expires_at"),
    };

    public static KciEntityState ReadState(SqliteDataReader r) => new(
        (string)r["entity_key"],
        (long)r["sequence_number"],
        Guid.Parse((string)r["kci_id"]),
        r.GetText("status"),
        r.GetTime("updated_at")!.Value);
}
