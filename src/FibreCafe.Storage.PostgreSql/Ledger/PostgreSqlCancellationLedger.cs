using FibreCafe.Kci;
using Npgsql;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// The <see cref="ICancellationLedger"/> on PostgreSQL. Each change locks the cancellation's row
/// (<c>FOR UPDATE</c>) and lets <see cref="CancellationLifecycle"/> decide on it inside the transaction, so
/// receivers applying KCIs about one cancellation at the same time cannot move it backwards. A cancellation
/// not yet recorded is inserted with <c>ON CONFLICT DO NOTHING</c>; when another receiver inserted it first,
/// the decision is taken again on its row.
/// </summary>
internal sealed class PostgreSqlCancellationLedger(PostgreSqlKciDatabase database) : ICancellationLedger
{
    private const string Columns =
        "kind, cancellation_id, target_id, status, reason_code, text, supplier, supplier_reference, request_id, conversation_id, " +
        "request_body, response_body, created_at, updated_at, closed_at, last_kci_id, status_reason";

    private static readonly string OverwriteAll =
        $"UPDATE SET ({Columns}) = ({string.Join(", ", Columns.Split(", ").Select(c => "excluded." + c))})";

    public Task RecordCreatedAsync(CancellationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ChangeAsync(record.Kind, record.CancellationId, existing => (true, CancellationLifecycle.Merge(existing, record)), cancellationToken);
    }

    public async Task<CancellationTransition> ApplyAsync(CancellationStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var transition = CancellationTransition.Refused;
        await ChangeAsync(update.Kind, update.CancellationId, existing =>
        {
            (transition, var record) = CancellationLifecycle.Apply(existing, update);
            return (transition is CancellationTransition.Created or CancellationTransition.Advanced, record);
        }, cancellationToken).ConfigureAwait(false);
        return transition;
    }

    public Task<CancellationRecord?> GetAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => FindAsync(connection, null, kind, cancellationId, forUpdate: false, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<CancellationRecord>> FindByTargetAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CancellationRecord>>(
            async connection => await connection.QueryAsync(
                "SELECT * FROM cancellation_ledger WHERE kind = @kind AND target_id = @target ORDER BY cancellation_id DESC;",
                null, Read, cancellationToken, ("kind", (short)kind), ("target", targetId)).ConfigureAwait(false),
            cancellationToken);

    // Reads the row under a lock, decides, writes. An insert that loses a race with another receiver's insert
    // changes nothing (ON CONFLICT DO NOTHING); the loop then decides again on the row that won.
    private Task<bool> ChangeAsync(
        CancellationKind kind, long cancellationId, Func<CancellationRecord?, (bool Save, CancellationRecord? Record)> decide, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            while (true)
            {
                var existing = await FindAsync(connection, transaction, kind, cancellationId, forUpdate: true, cancellationToken).ConfigureAwait(false);
                var (save, record) = decide(existing);
                if (!save)
                {
                    return false;
                }

                if (await SaveAsync(connection, transaction, record!, insert: existing is null, cancellationToken).ConfigureAwait(false) == 1)
                {
                    return true;
                }
            }
        }, cancellationToken);

    private static async Task<CancellationRecord?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationKind kind, long cancellationId, bool forUpdate, CancellationToken cancellationToken) =>
        (await connection.QueryAsync(
            $"SELECT * FROM cancellation_ledger WHERE kind = @kind AND cancellation_id = @id{(forUpdate ? " FOR UPDATE" : string.Empty)};",
            transaction, Read, cancellationToken, ("kind", (short)kind), ("id", cancellationId)).ConfigureAwait(false)).SingleOrDefault();

    private static Task<int> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationRecord r, bool insert, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            $"""
            INSERT INTO cancellation_ledger ({Columns})
            VALUES (@kind, @id, @target, @status, @reasonCode, @text, @supplier, @supplierReference, @requestId, @conversationId,
                    @requestBody, @responseBody, @createdAt, @updatedAt, @closedAt, @lastKciId, @statusReason)
            ON CONFLICT (kind, cancellation_id) DO {(insert ? "NOTHING" : OverwriteAll)};
            """,
            transaction,
            cancellationToken,
            ("kind", (short)r.Kind),
            ("id", r.CancellationId),
            ("target", r.TargetId),
            ("status", r.Status.Value),
            ("reasonCode", r.ReasonCode),
            ("text", r.Text),
            ("supplier", r.Supplier),
            ("supplierReference", r.SupplierReference),
            ("requestId", r.RequestId),
            ("conversationId", r.ConversationId),
            ("requestBody", r.RequestBody),
            ("responseBody", r.ResponseBody),
            ("createdAt", r.CreatedAt.Utc()),
            ("updatedAt", r.UpdatedAt.Utc()),
            ("closedAt", r.ClosedAt.Utc()),
            ("lastKciId", r.LastKciId),
            ("statusReason", r.StatusReason));

    private static CancellationRecord Read(NpgsqlDataReader r) => new()
    {
        Kind = (CancellationKind)r.GetInt16(r.GetOrdinal("kind")),
        CancellationId = r.GetInt64(r.GetOrdinal("cancellation_id")),
        TargetId = r.GetInt64(r.GetOrdinal("target_id")),
        Status = new(r.GetString(r.GetOrdinal("status"))),
        ReasonCode = r.GetText("reason_code"),
        Text = r.GetText("text"),
        Supplier = r.GetText("supplier"),
        SupplierReference = r.GetText("supplier_reference"),
        RequestId = r.GetText("request_id"),
        ConversationId = r.GetText("conversation_id"),
        RequestBody = r.GetText("request_body"),
        ResponseBody = r.GetText("response_body"),
        CreatedAt = r.GetTime("created_at")!.Value,
        UpdatedAt = r.GetTime("updated_at")!.Value,
        ClosedAt = r.GetTime("closed_at"),
        LastKciId = r.GetId("last_kci_id"),
        StatusReason = r.GetText("status_reason"),
    };
}
