using System.Threading.Channels;
using FibreCafe.Kci;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Benchmarks.Receiver;

/// <summary>
/// A PROTOTYPE of the store change proposed in docs/performance.md, used only by the benchmark (label
/// <c>group-commit-prototype</c>) to measure it before the owner of FibreCafe.Storage.Sqlite applies it there.
/// It wraps the real SQLite inbox and changes two things:
/// <list type="number">
/// <item>Every write of this process waits on one async gate instead of racing for SQLite's write lock, so no
/// thread ever sleeps in SQLite's busy handler (the convoy that the profile showed).</item>
/// <item><see cref="AddAsync"/> and the dispatcher's <see cref="CompleteAsync"/> are a group commit: one writer
/// takes every operation queued meanwhile (up to <see cref="MaxBatch"/>), runs them in one <c>BEGIN IMMEDIATE</c>
/// transaction on a connection it keeps open with prepared statements, commits once (one WAL fsync,
/// <c>synchronous=FULL</c> as before) and only then completes each caller, so the 204 still follows the durable
/// write. A failed batch fails each of its callers (the endpoint answers 503 and the gateway delivers again),
/// exactly as a failed single insert does.</item>
/// <item>The claim runs in the same writer (its result is handed out after the commit), and its two correlated
/// subqueries, and those of <see cref="GetNextDueAsync"/>, name the partial index <c>ix_kci_inbox_pending</c>
/// (<c>INDEXED BY</c>). Without statistics SQLite's planner picks <c>ix_kci_inbox_status</c> for them and scans
/// every pending row for every candidate: a claim then costs O(32 × pending) and <c>GetNextDueAsync</c>
/// O(pending²) (measured on the store's schema: 56 ms and 15 s with 7,000 pending, against 0.13 ms and 14 ms).</item>
/// </list>
/// The SQL is the store's own (same rows, same conditions); failures, releases and other reads go to the real store.
/// </summary>
internal sealed class GroupCommitKciInbox : IKciInbox, IAsyncDisposable
{
    public const int MaxBatch = 256;

    private const string InsertSql = """
        INSERT INTO kci_inbox (kci_id, entity_key, sequence_number, entity_type, update_type, supplier, delivered_on, received_at,
                               request_id, conversation_id, body, status, attempts, next_attempt_at)
        VALUES ($id, $key, $seq, $entityType, $updateType, $supplier, $deliveredOn, $receivedAt, $requestId, $conversationId, $body, 0, 0, $next)
        ON CONFLICT (kci_id) DO NOTHING;
        """;

    private readonly IKciInbox _inner;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private const string CompleteSql = """
        UPDATE kci_inbox SET status = 1, completed_at = $now, next_attempt_at = NULL, lease_id = NULL, lease_expires_at = NULL
        WHERE kci_id = $id AND lease_id = $lease AND status = 0;
        """;

    private const string EntityStateSql = """
        INSERT INTO kci_entity_state (entity_key, sequence_number, kci_id, status, updated_at) VALUES ($key, $seq, $kci, $status, $at)
        ON CONFLICT (entity_key) DO UPDATE SET sequence_number = excluded.sequence_number, kci_id = excluded.kci_id,
            status = excluded.status, updated_at = excluded.updated_at
        WHERE excluded.sequence_number > kci_entity_state.sequence_number;
        """;

    // The store's claim conditions (SqliteKciInbox.ClaimableHead / NoLiveClaim) with the index named.
    private const string ClaimableHead = """
        i.status = 0
        AND NOT EXISTS (SELECT 1 FROM kci_inbox o INDEXED BY ix_kci_inbox_pending WHERE o.entity_key = i.entity_key AND o.status = 0
            AND (o.sequence_number < i.sequence_number OR (o.sequence_number = i.sequence_number AND o.position < i.position)))
        """;

    private const string NoLiveClaim = """
        NOT EXISTS (SELECT 1 FROM kci_inbox l INDEXED BY ix_kci_inbox_pending WHERE l.entity_key = i.entity_key AND l.status = 0 AND l.lease_expires_at > $now)
        """;

    private const string ClaimSql = $"SELECT i.* FROM kci_inbox i WHERE {ClaimableHead} AND {NoLiveClaim} AND i.next_attempt_at <= $now ORDER BY i.position LIMIT $max;";

    private const string LeaseSql = "UPDATE kci_inbox SET lease_id = $lease, lease_expires_at = $until WHERE kci_id = $id;";

    private const string NextDueSql = $"""
        SELECT MIN(COALESCE(
            (SELECT MAX(l.lease_expires_at) FROM kci_inbox l INDEXED BY ix_kci_inbox_pending WHERE l.entity_key = i.entity_key AND l.status = 0 AND l.lease_expires_at > $now),
            i.next_attempt_at))
        FROM kci_inbox i WHERE {ClaimableHead};
        """;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommitKciInbox(IKciInbox inner, string path)
    {
        _inner = inner;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Replaces the registered SQLite inbox (after <c>UseSqliteStore</c>) with this wrapper around it.</summary>
    public static void Register(IServiceCollection services, string path)
    {
        var original = services.Single(d => d.ServiceType == typeof(IKciInbox));
        services.Remove(original);
        services.AddSingleton<IKciInbox>(sp => new GroupCommitKciInbox(
            (IKciInbox)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!), path));
    }

    public Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var pending = new PendingAdd(entry);
        Enqueue(pending);

        // The caller may stop waiting; its KCI is then either committed (a redelivery is a duplicate) or not.
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        var pending = new PendingClaim(maxCount, leaseDuration);
        Enqueue(pending);
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    public Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        if (claimed.LeaseId is null)
        {
            return Task.FromResult(false);
        }

        var pending = new PendingComplete(claimed, entityState);
        Enqueue(pending);
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    public Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) =>
        GatedAsync(ct => _inner.FailAsync(claimed, error, retryAt, ct), cancellationToken);

    public Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default) =>
        GatedAsync(ct => _inner.ReleaseAsync(claimed, ct), cancellationToken);

    public Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default) =>
        GatedAsync(ct => _inner.ReplayAsync(kciId, ct), cancellationToken);

    public async Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = NextDueSql;
            command.Parameters.AddWithValue("$now", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
    }

    public Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default) => _inner.GetAsync(kciId, cancellationToken);

    public Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(status, maxCount, cancellationToken);

    public Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default) =>
        _inner.GetEntityStateAsync(entityKey, cancellationToken);

    public Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => _inner.GetStatisticsAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _writeGate.Dispose();
    }

    private void Enqueue(Pending pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The inbox is shutting down.");
        }
    }

    private async Task<T> GatedAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        Statements? statements = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await _writeGate.WaitAsync().ConfigureAwait(false);
                Exception? failure = null;
                try
                {
                    statements ??= await OpenAsync().ConfigureAwait(false);
                    using var transaction = statements.Connection.BeginTransaction(deferred: false);
                    statements.Enlist(transaction);
                    var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
                    foreach (var pending in batch)
                    {
                        await pending.ExecuteAsync(statements, now).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync().ConfigureAwait(false); // the durable write: only now are callers answered
                }
#pragma warning disable CA1031 // every caller of the batch gets the failure
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                    if (statements is not null)
                    {
                        await statements.DisposeAsync().ConfigureAwait(false);
                        statements = null;
                    }
                }
                finally
                {
                    _writeGate.Release();
                }

                foreach (var pending in batch)
                {
                    pending.Finish(failure);
                }
            }
        }
        finally
        {
            if (statements is not null)
            {
                await statements.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Statements> OpenAsync()
    {
        // Going through the store first makes sure the schema exists.
        _ = await _inner.GetStatisticsAsync().ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
            await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new Statements(
            connection,
            Prepare(connection, InsertSql, "$id", "$key", "$seq", "$entityType", "$updateType", "$supplier", "$deliveredOn", "$receivedAt", "$requestId", "$conversationId", "$body", "$next"),
            Prepare(connection, CompleteSql, "$now", "$id", "$lease"),
            Prepare(connection, EntityStateSql, "$key", "$seq", "$kci", "$status", "$at"),
            Prepare(connection, ClaimSql, "$now", "$max"),
            Prepare(connection, LeaseSql, "$lease", "$until", "$id"));
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private sealed record Statements(
        SqliteConnection Connection, SqliteCommand Insert, SqliteCommand Complete, SqliteCommand EntityState, SqliteCommand Claim, SqliteCommand Lease) : IAsyncDisposable
    {
        public void Enlist(SqliteTransaction transaction) =>
            Insert.Transaction = Complete.Transaction = EntityState.Transaction = Claim.Transaction = Lease.Transaction = transaction;

        public async ValueTask DisposeAsync()
        {
            Insert.Dispose();
            Complete.Dispose();
            EntityState.Dispose();
            Claim.Dispose();
            Lease.Dispose();
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private abstract class Pending
    {
        public abstract Task ExecuteAsync(Statements statements, long now);

        public abstract void Finish(Exception? failure);
    }

    private sealed class PendingAdd(KciInboxEntry entry) : Pending
    {
        private KciInboxAddResult _result;

        public TaskCompletionSource<KciInboxAddResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task ExecuteAsync(Statements statements, long now)
        {
            var p = statements.Insert.Parameters;
            p["$id"].Value = entry.KciId.ToString("D");
            p["$key"].Value = entry.EntityKey;
            p["$seq"].Value = entry.SequenceNumber;
            p["$entityType"].Value = entry.EntityType.Value;
            p["$updateType"].Value = entry.UpdateType.Value;
            p["$supplier"].Value = entry.Supplier;
            p["$deliveredOn"].Value = entry.DeliveredOn.ToUnixTimeMilliseconds();
            p["$receivedAt"].Value = entry.ReceivedAt.ToUnixTimeMilliseconds();
            p["$requestId"].Value = (object?)entry.RequestId ?? DBNull.Value;
            p["$conversationId"].Value = (object?)entry.ConversationId ?? DBNull.Value;
            p["$body"].Value = entry.Body.ToArray();
            p["$next"].Value = (entry.NextAttemptAt ?? entry.ReceivedAt).ToUnixTimeMilliseconds();
            _result = await statements.Insert.ExecuteNonQueryAsync().ConfigureAwait(false) == 1 ? KciInboxAddResult.Added : KciInboxAddResult.Duplicate;
        }

        public override void Finish(Exception? failure)
        {
            if (failure is null)
            {
                Result.TrySetResult(_result);
            }
            else
            {
                Result.TrySetException(failure);
            }
        }
    }

    private sealed class PendingComplete(KciInboxEntry claimed, KciEntityState? entityState) : Pending
    {
        private bool _updated;

        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task ExecuteAsync(Statements statements, long now)
        {
            var p = statements.Complete.Parameters;
            p["$now"].Value = now;
            p["$id"].Value = claimed.KciId.ToString("D");
            p["$lease"].Value = claimed.LeaseId!.Value.ToString("D");
            _updated = await statements.Complete.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
            if (_updated && entityState is not null)
            {
                var e = statements.EntityState.Parameters;
                e["$key"].Value = entityState.EntityKey;
                e["$seq"].Value = entityState.SequenceNumber;
                e["$kci"].Value = entityState.KciId.ToString("D");
                e["$status"].Value = (object?)entityState.Status ?? DBNull.Value;
                e["$at"].Value = entityState.UpdatedAt.ToUnixTimeMilliseconds();
                await statements.EntityState.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        public override void Finish(Exception? failure)
        {
            if (failure is null)
            {
                Result.TrySetResult(_updated);
            }
            else
            {
                Result.TrySetException(failure);
            }
        }
    }

    private sealed class PendingClaim(int maxCount, TimeSpan leaseDuration) : Pending
    {
        private readonly List<KciInboxEntry> _claimed = [];

        public TaskCompletionSource<IReadOnlyList<KciInboxEntry>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task ExecuteAsync(Statements statements, long now)
        {
            _claimed.Clear();
            var nowTime = DateTimeOffset.FromUnixTimeMilliseconds(now);
            statements.Claim.Parameters["$now"].Value = now;
            statements.Claim.Parameters["$max"].Value = maxCount;
            var heads = new List<KciInboxEntry>();
            using (var reader = await statements.Claim.ExecuteReaderAsync().ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    heads.Add(ReadEntry(reader));
                }
            }

            foreach (var head in heads)
            {
                var leased = head with { LeaseId = Guid.NewGuid(), LeaseExpiresAt = nowTime + leaseDuration };
                var p = statements.Lease.Parameters;
                p["$lease"].Value = leased.LeaseId!.Value.ToString("D");
                p["$until"].Value = leased.LeaseExpiresAt!.Value.ToUnixTimeMilliseconds();
                p["$id"].Value = head.KciId.ToString("D");
                await statements.Lease.ExecuteNonQueryAsync().ConfigureAwait(false);
                _claimed.Add(leased);
            }
        }

        public override void Finish(Exception? failure)
        {
            if (failure is null)
            {
                Result.TrySetResult(_claimed.ToArray());
            }
            else
            {
                Result.TrySetException(failure);
            }
        }

        // The store's row mapping (SqliteInboxRows.Read).
        private static KciInboxEntry ReadEntry(SqliteDataReader r) => new()
        {
            KciId = Guid.Parse((string)r["kci_id"]),
            EntityKey = (string)r["entity_key"],
            SequenceNumber = (long)r["sequence_number"],
            EntityType = new KciEntityType((string)r["entity_type"]),
            UpdateType = new KciUpdateType((string)r["update_type"]),
            Supplier = (string)r["supplier"],
            DeliveredOn = DateTimeOffset.FromUnixTimeMilliseconds((long)r["delivered_on"]),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)r["received_at"]),
            RequestId = r["request_id"] as string,
            ConversationId = r["conversation_id"] as string,
            Body = (byte[])r["body"],
            Status = (KciInboxStatus)(long)r["status"],
            Attempts = (int)(long)r["attempts"],
            NextAttemptAt = r["next_attempt_at"] is long next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null,
            LastError = r["last_error"] as string,
            CompletedAt = r["completed_at"] is long completed ? DateTimeOffset.FromUnixTimeMilliseconds(completed) : null,
            LeaseId = r["lease_id"] is string lease ? Guid.Parse(lease) : null,
            LeaseExpiresAt = r["lease_expires_at"] is long until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
        };
    }
}
