-- FibreCafe.Storage.Sqlite, schema version 1: the KCI inbox, the entity states and the cancellation ledger.
--
-- The store applies its scripts itself when the host starts, in one BEGIN IMMEDIATE transaction, and records each in
-- kci_schema_version (and the latest in PRAGMA user_version, which versions before that table read). Every statement
-- here is idempotent, so a file made before kci_schema_version existed is adopted: this runs, the rest it has is recorded.
-- Times are Unix milliseconds (UTC) so that due and lease times compare as numbers; ids are text.

-- One row per KCI id, kept until the retention removes it once done (parked entries stay until replayed).
-- position keeps arrival order; status: 0 pending, 1 done, 2 parked (InboxStatusSql).
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

-- The pending entries of an entity in dispatch order: finds each entity's head and its live claim.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_pending ON kci_inbox (entity_key, sequence_number, position) WHERE status = 0;
-- Listing by state (parked entries, statistics) and the retention's walk of done entries.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_status ON kci_inbox (status, position);

-- The newest KCI applied per entity; never moved back to an older sequence number (version 2 rebuilds it WITHOUT ROWID).
CREATE TABLE IF NOT EXISTS kci_entity_state (
    entity_key        TEXT    PRIMARY KEY,
    sequence_number   INTEGER NOT NULL,
    kci_id            TEXT    NOT NULL,
    status            TEXT,
    updated_at        INTEGER NOT NULL
);

-- One row per cancellation (kind 0 service order, 1 service problem).
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
