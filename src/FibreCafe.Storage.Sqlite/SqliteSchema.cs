namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// The store's tables. Times are Unix milliseconds (UTC) so that due and lease times compare as numbers;
/// <c>position</c> keeps arrival order; <c>PRAGMA user_version</c> records the schema version.
/// </summary>
/// <remarks>
/// Version 2 keys the entity state by its entity alone (<c>WITHOUT ROWID</c>): one B-tree instead of a table and
/// its key's index, so recording an entity's state writes one random page, not two (measured under load: the
/// writes of the store are what its disk syncs cost). <see cref="MigrateFrom1"/> converts a version 1 file.
/// </remarks>
internal static class SqliteSchema
{
    public const int Version = 2;

    // The entity state as of version 2, for Create and for the migration from version 1.
    private const string EntityStateTable = """
        (
            entity_key        TEXT    PRIMARY KEY,
            sequence_number   INTEGER NOT NULL,
            kci_id            TEXT    NOT NULL,
            status            TEXT,
            updated_at        INTEGER NOT NULL
        ) WITHOUT ROWID
        """;

    public const string Create = $"""
        CREATE TABLE IF NOT EXISTS kci_inbox (
            position          INTEGER PRIMARY KEY AUTOINCREMENT,
            kci_id            TEXT    NOT NULL UNIQUE,
            entity_key        TEXT    NOT NULL,
            sequence_number   INTEGER NOT NULL,
            entity_type       TEXT    NOT NULL,
            update_type       TEXT    NOT NULL,
            supplier          TEXT    NOT NULL,
            delivered_on      INTEGER NOT NULL,
            received_at       INTEGER NOT NULL,
            request_id        TEXT,
            conversation_id   TEXT,
            body              BLOB    NOT NULL,
            status            INTEGER NOT NULL DEFAULT 0,
            attempts          INTEGER NOT NULL DEFAULT 0,
            next_attempt_at   INTEGER,
            last_error        TEXT,
            completed_at      INTEGER,
            lease_id          TEXT,
            lease_expires_at  INTEGER
        );
        CREATE INDEX IF NOT EXISTS ix_kci_inbox_pending ON kci_inbox (entity_key, sequence_number, position) WHERE status = 0;
        CREATE INDEX IF NOT EXISTS ix_kci_inbox_status ON kci_inbox (status, position);
        CREATE TABLE IF NOT EXISTS kci_entity_state {EntityStateTable};
        CREATE TABLE IF NOT EXISTS cancellation_ledger (
            kind              INTEGER NOT NULL,
            cancellation_id   INTEGER NOT NULL,
            target_id         INTEGER NOT NULL,
            status            TEXT    NOT NULL,
            reason_code       TEXT,
            text              TEXT,
            supplier          TEXT,
            supplier_reference TEXT,
            request_id        TEXT,
            conversation_id   TEXT,
            request_body      TEXT,
            response_body     TEXT,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL,
            closed_at         INTEGER,
            last_kci_id       TEXT,
            status_reason     TEXT,
            PRIMARY KEY (kind, cancellation_id)
        );
        CREATE INDEX IF NOT EXISTS ix_cancellation_ledger_target ON cancellation_ledger (kind, target_id);
        """;

    /// <summary>Version 1 to 2: the entity state table again, without rowid, with its rows.</summary>
    public const string MigrateFrom1 = $"""
        CREATE TABLE kci_entity_state_v2 {EntityStateTable};
        INSERT INTO kci_entity_state_v2 (entity_key, sequence_number, kci_id, status, updated_at)
            SELECT entity_key, sequence_number, kci_id, status, updated_at FROM kci_entity_state;
        DROP TABLE kci_entity_state;
        ALTER TABLE kci_entity_state_v2 RENAME TO kci_entity_state;
        """;
}
