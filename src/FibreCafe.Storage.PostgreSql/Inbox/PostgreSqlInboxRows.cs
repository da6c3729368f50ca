using FibreCafe.Kci;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>Reads inbox and entity state rows.</summary>
internal static class PostgreSqlInboxRows
{
    public static KciInboxEntry Read(NpgsqlDataReader r) => new()
    {
        KciId = r.GetGuid(r.GetOrdinal("kci_id")),
        EntityKey = r.GetString(r.GetOrdinal("entity_key")),
        SequenceNumber = r.GetInt64(r.GetOrdinal("sequence_number")),
        EntityType = new KciEntityType(r.GetString(r.GetOrdinal("entity_type"))),
        UpdateType = new KciUpdateType(r.GetString(r.GetOrdinal("update_type"))),
        Supplier = r.GetString(r.GetOrdinal("supplier")),
        DeliveredOn = r.GetTime("delivered_on")!.Value,
        ReceivedAt = r.GetTime("received_at")!.Value,
        RequestId = r.GetText("request_id"),
        ConversationId = r.GetText("conversation_id"),
        Body = r.GetFieldValue<byte[]>(r.GetOrdinal("body")),
        Status = (KciInboxStatus)r.GetInt16(r.GetOrdinal("status")),
        Attempts = r.GetInt32(r.GetOrdinal("attempts")),
        NextAttemptAt = r.GetTime("next_attempt_at"),
        LastError = r.GetText("last_error"),
        CompletedAt = r.GetTime("completed_at"),
        LeaseId = r.GetId("lease_id"),
        LeaseExpiresAt = r.GetTime("lease_expires_at"),
    };

    public static KciEntityState ReadState(NpgsqlDataReader r) => new(
        r.GetString(r.GetOrdinal("entity_key")),
        r.GetInt64(r.GetOrdinal("sequence_number")),
        r.GetGuid(r.GetOrdinal("kci_id")),
        r.GetText("status"),
        r.GetTime("updated_at")!.Value);
}
