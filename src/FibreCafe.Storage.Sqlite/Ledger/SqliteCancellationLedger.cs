using FibreCafe.Kci;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// The <see cref="ICancellationLedger"/> on SQLite. Each change reads and writes the row inside the
/// writer's transaction, so <see cref="CancellationLifecycle"/> decides on the current row.
/// </summary>
internal sealed class SqliteCancellationLedger(SqliteKciDatabase database) : ICancellationLedger
{
    public Task RecordCreatedAsync(CancellationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return database.WriteAsync(async session =>
        {
            var existing = await FindAsync(session, record.Kind, record.CancellationId, cancellationToken).ConfigureAwait(false);
            await SaveAsync(session, CancellationLifecycle.Merge(existing, record), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<CancellationTransition> ApplyAsync(CancellationStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return database.WriteAsync(async session =>
        {
            var existing = await FindAsync(session, update.Kind, update.CancellationId, cancellationToken).ConfigureAwait(false);
            var (transition, record) = CancellationLifecycle.Apply(existing, update);
            if (transition is CancellationTransition.Created or CancellationTransition.Advanced)
            {
                await SaveAsync(session, record!, cancellationToken).ConfigureAwait(false);
            }

            return transition;
        }, cancellationToken);
    }

    public Task<CancellationRecord?> GetAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(session => FindAsync(session, kind, cancellationId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<CancellationRecord>> FindByTargetAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CancellationRecord>>(
            async session => await session.QueryAsync(
                "SELECT * FROM cancellation_ledger WHERE kind = $kind AND target_id = $target ORDER BY cancellation_id DESC;",
                Read, cancellationToken, ("$kind", (int)kind), ("$target", targetId)).ConfigureAwait(false),
            cancellationToken);

    private static async Task<CancellationRecord?> FindAsync(
        SqliteSession session, CancellationKind kind, long cancellationId, CancellationToken cancellationToken) =>
        (await session.QueryAsync(
            "SELECT * FROM cancellation_ledger WHERE kind = $kind AND cancellation_id = $id;",
            Read, cancellationToken, ("$kind", (int)kind), ("$id", cancellationId)).ConfigureAwait(false)).SingleOrDefault();

    private static Task<int> SaveAsync(SqliteSession session, CancellationRecord r, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT OR REPLACE INTO cancellation_ledger (kind, cancellation_id, target_id, status, reason_code, text, supplier, supplier_reference,
                request_id, conversation_id, request_body, response_body, created_at, updated_at, closed_at, last_kci_id, status_reason)
            VALUES ($kind, $id, $target, $status, $reasonCode, $text, $supplier, $supplierReference,
                $requestId, $conversationId, $requestBody, $responseBody, $createdAt, $updatedAt, $closedAt, $lastKciId, $statusReason);
            """,
            cancellationToken,
            ("$kind", (int)r.Kind),
            ("$id", r.CancellationId),
            ("$target", r.TargetId),
            ("$status", r.Status.Value),
            ("$reasonCode", r.ReasonCode),
            ("$text", r.Text),
            ("$supplier", r.Supplier),
            ("$supplierReference", r.SupplierReference),
            ("$requestId", r.RequestId),
            ("$conversationId", r.ConversationId),
            ("$requestBody", r.RequestBody),
            ("$responseBody", r.ResponseBody),
            ("$createdAt", r.CreatedAt.ToUnixMs()),
            ("$updatedAt", r.UpdatedAt.ToUnixMs()),
            ("$closedAt", r.ClosedAt.ToUnixMs()),
            ("$lastKciId", r.LastKciId is { } kci ? SqliteValues.Id(kci) : null),
            ("$statusReason", r.StatusReason));

    private static CancellationRecord Read(SqliteDataReader r) => new()
    {
        Kind = (CancellationKind)(long)r["kind"],
        CancellationId = (long)r["cancellation_id"],
        TargetId = (long)r["target_id"],
        Status = new((string)r["status"]),
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
        LastKciId = r.GetText("last_kci_id") is { } kci ? Guid.Parse(kci) : null,
        StatusReason = r.GetText("status_reason"),
    };
}
