using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// The <see cref="ICancellationLedger"/> of every relational store. Each change reads the cancellation's row under a
/// lock (PostgreSQL <c>FOR UPDATE</c>; SQLite's one writer excludes every other write anyway) and lets
/// <see cref="CancellationLifecycle"/> decide on it inside the transaction, so receivers applying KCIs about one
/// cancellation at the same time cannot move it backwards. A cancellation not yet recorded is inserted with
/// <c>ON CONFLICT DO NOTHING</c>; when another receiver inserted it first, the decision is taken again on its row.
/// </summary>
internal sealed class RelationalCancellationLedger(IStoreDatabase database) : ICancellationLedger
{
    private const string Columns =
        "kind, cancellation_id, target_id, status, reason_code, text, supplier, supplier_reference, request_id, conversation_id, " +
        "request_body, response_body, created_at, updated_at, closed_at, last_kci_id, status_reason";

    private const string Values =
        "@kind, @id, @target, @status, @reasonCode, @text, @supplier, @supplierReference, @requestId, @conversationId, " +
        "@requestBody, @responseBody, @createdAt, @updatedAt, @closedAt, @lastKciId, @statusReason";

    private const string Insert = $"INSERT INTO cancellation_ledger ({Columns}) VALUES ({Values}) ON CONFLICT (kind, cancellation_id) DO NOTHING;";

    private const string Update = $"UPDATE cancellation_ledger SET ({Columns}) = ({Values}) WHERE kind = @kind AND cancellation_id = @id;";

    private const string Find = "SELECT * FROM cancellation_ledger WHERE kind = @kind AND cancellation_id = @id";

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
        database.ReadAsync(session => FindAsync(session, kind, cancellationId, lockRow: false, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<CancellationRecord>> FindByTargetAsync(CancellationKind kind, long targetId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CancellationRecord>>(
            async session => await session.QueryAsync(
                "SELECT * FROM cancellation_ledger WHERE kind = @kind AND target_id = @target ORDER BY cancellation_id DESC;",
                Read, cancellationToken, ("@kind", session.Dialect.Small((int)kind)), ("@target", targetId)).ConfigureAwait(false),
            cancellationToken);

    // Reads the row under a lock, decides, writes. An insert that loses a race with another receiver's insert
    // changes nothing (ON CONFLICT DO NOTHING); the loop then decides again on the row that won.
    private Task<bool> ChangeAsync(
        CancellationKind kind, long cancellationId, Func<CancellationRecord?, (bool Save, CancellationRecord? Record)> decide, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            while (true)
            {
                var existing = await FindAsync(session, kind, cancellationId, lockRow: true, cancellationToken).ConfigureAwait(false);
                var (save, record) = decide(existing);
                if (!save)
                {
                    return false;
                }

                if (await session.ExecuteAsync(existing is null ? Insert : Update, cancellationToken, Parameters(record!, session.Dialect)).ConfigureAwait(false) == 1)
                {
                    return true;
                }
            }
        }, cancellationToken);

    private static async Task<CancellationRecord?> FindAsync(StoreSession session, CancellationKind kind, long cancellationId, bool lockRow, CancellationToken cancellationToken) =>
        (await session.QueryAsync(
            lockRow ? Find + session.Dialect.LockRows + ";" : Find + ";",
            Read, cancellationToken, ("@kind", session.Dialect.Small((int)kind)), ("@id", cancellationId)).ConfigureAwait(false)).SingleOrDefault();

    private static (string, object?)[] Parameters(CancellationRecord r, StoreDialect d) =>
    [
        ("@kind", d.Small((int)r.Kind)),
        ("@id", r.CancellationId),
        ("@target", r.TargetId),
        ("@status", r.Status.Value),
        ("@reasonCode", r.ReasonCode),
        ("@text", r.Text),
        ("@supplier", r.Supplier),
        ("@supplierReference", r.SupplierReference),
        ("@requestId", r.RequestId),
        ("@conversationId", r.ConversationId),
        ("@requestBody", r.RequestBody),
        ("@responseBody", r.ResponseBody),
        ("@createdAt", d.Time(r.CreatedAt)),
        ("@updatedAt", d.Time(r.UpdatedAt)),
        ("@closedAt", d.Time(r.ClosedAt)),
        ("@lastKciId", d.Id(r.LastKciId)),
        ("@statusReason", r.StatusReason),
    ];

    private static CancellationRecord Read(StoreRow r) => new()
    {
        Kind = (CancellationKind)r.Int("kind"),
        CancellationId = r.Long("cancellation_id"),
        TargetId = r.Long("target_id"),
        Status = new(r.Text("status")),
        ReasonCode = r.TextOrNull("reason_code"),
        Text = r.TextOrNull("text"),
        Supplier = r.TextOrNull("supplier"),
        SupplierReference = r.TextOrNull("supplier_reference"),
        RequestId = r.TextOrNull("request_id"),
        ConversationId = r.TextOrNull("conversation_id"),
        RequestBody = r.TextOrNull("request_body"),
        ResponseBody = r.TextOrNull("response_body"),
        CreatedAt = r.Time("created_at"),
        UpdatedAt = r.Time("updated_at"),
        ClosedAt = r.TimeOrNull("closed_at"),
        LastKciId = r.IdOrNull("last_kci_id"),
        StatusReason = r.TextOrNull("status_reason"),
    };
}
