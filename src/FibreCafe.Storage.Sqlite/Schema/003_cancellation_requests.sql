-- FibreCafe.Storage.Sqlite, schema version 3: durable cancellation requests and their history.
--
-- One row per request (kind 0 service order, 1 service problem; state: CancellationRequestState, 0 Scheduled,
-- 1 Sending … 9 Parked). number is the request's human-readable number, given in submission order. Every change
-- reads the row and writes it whole in one transaction (RelationalCancellationRequestStore); nothing here decides.
-- Times are Unix milliseconds (UTC), ids text, as in version 1.
CREATE TABLE IF NOT EXISTS cancellation_requests (
    number                INTEGER PRIMARY KEY AUTOINCREMENT,
    id                    TEXT NOT NULL UNIQUE,
    kind                  INTEGER NOT NULL,
    target_id             INTEGER NOT NULL,
    state                 INTEGER NOT NULL,
    priority              INTEGER NOT NULL,
    idempotency_key       TEXT,
    payload_hash          TEXT NOT NULL,
    request_body          TEXT NOT NULL,
    reason_code           TEXT NOT NULL,
    text                  TEXT,
    supplier              TEXT,
    conversation_id       TEXT NOT NULL,
    trace_parent          TEXT,
    scheduled_for         INTEGER NOT NULL,
    next_attempt_at       INTEGER,
    attempts              INTEGER NOT NULL,
    transient_failures    INTEGER NOT NULL,
    last_request_id       TEXT,
    last_attempt_at       INTEGER,
    executed_at           INTEGER,
    response_status       INTEGER,
    response_body         TEXT,
    cancellation_id       INTEGER,
    supplier_reference    TEXT,
    error_code            TEXT,
    error_message         TEXT,
    error_uuid            TEXT,
    park_reason           INTEGER,
    reconcile_by          INTEGER,
    lease_owner           TEXT,
    lease_token           INTEGER NOT NULL,
    lease_expires_at      INTEGER,
    submitted_process     TEXT,
    submitted_process_id  TEXT,
    submitted_user        TEXT,
    updated_by            TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    closed_at             INTEGER,
    last_kci_id           TEXT,
    status_reason         TEXT
);

-- One request per idempotency key; requests without one (most) cost this index nothing.
CREATE UNIQUE INDEX IF NOT EXISTS ux_cancellation_requests_idempotency_key ON cancellation_requests (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The processing run's claim: due requests, express first, then by due time and number.
CREATE INDEX IF NOT EXISTS ix_cancellation_requests_due ON cancellation_requests (priority DESC, next_attempt_at, number) WHERE state = 0;
-- A target's requests (the claim's fairness rule, the KCI link, listing by target).
CREATE INDEX IF NOT EXISTS ix_cancellation_requests_target ON cancellation_requests (kind, target_id, number);
-- At most one request per order or problem is sending, whatever two instances do at once.
CREATE UNIQUE INDEX IF NOT EXISTS ux_cancellation_requests_sending ON cancellation_requests (kind, target_id) WHERE state = 1;
CREATE INDEX IF NOT EXISTS ix_cancellation_requests_cancellation ON cancellation_requests (kind, cancellation_id) WHERE cancellation_id IS NOT NULL;
-- Listing by state and finding sends no live attempt settles. Not Scheduled (0): those are the claim's index's, and
-- one on every state drew SQLite's planner away from it; new requests cost this index nothing.
CREATE INDEX IF NOT EXISTS ix_cancellation_requests_state ON cancellation_requests (state, number) WHERE state > 0;
-- The retention's walk of terminal requests.
CREATE INDEX IF NOT EXISTS ix_cancellation_requests_closed ON cancellation_requests (closed_at) WHERE closed_at IS NOT NULL;

-- Every move and attempt after the submission, in order (CancellationRequestHistoryEntry), deleted with its request;
-- the submission's entry is made from the request's row.
CREATE TABLE IF NOT EXISTS cancellation_request_history (
    position          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_number    INTEGER NOT NULL,
    occurred_at       INTEGER NOT NULL,
    from_state        INTEGER,
    to_state          INTEGER NOT NULL,
    cause             TEXT NOT NULL,
    actor             TEXT,
    http_request_id   TEXT,
    conversation_id   TEXT,
    http_status       INTEGER,
    kci_id            TEXT
);
CREATE INDEX IF NOT EXISTS ix_cancellation_request_history_request ON cancellation_request_history (request_number, position);
