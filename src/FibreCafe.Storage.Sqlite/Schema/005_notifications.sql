-- FibreCafe.Storage.Sqlite, schema version 5: event subscriptions (hub listeners), the outbox of their notifications,
-- and the producers' checkpoints.
--
-- Generic: api names the API a subscription is registered on (e.g. tmf641). state: NotificationState, 0 Pending,
-- 1 Delivered, 2 Parked. Every rule (the claim's order, the lease's fencing token) is RelationalNotificationOutbox's;
-- nothing here decides. Times are Unix milliseconds (UTC), ids text, as in version 1.
CREATE TABLE IF NOT EXISTS event_subscriptions (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    api            TEXT NOT NULL,
    callback       TEXT NOT NULL,
    query          TEXT,
    created_at     INTEGER NOT NULL
);
-- An API's listeners, oldest first.
CREATE INDEX IF NOT EXISTS ix_event_subscriptions_api ON event_subscriptions (api, created_at, position);

-- One row per notification to one listener. The key is (subscription_id, event_id), unique; SQLite numbers rows only
-- with an INTEGER PRIMARY KEY, so position (the order of enqueueing, never reused) is that key and the pair has a
-- unique constraint. No foreign key: delivered notifications outlive their subscription until they are purged.
CREATE TABLE IF NOT EXISTS outbound_notifications (
    position          INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id   TEXT NOT NULL,
    event_id          TEXT NOT NULL,
    ordering_key      TEXT NOT NULL,
    event_type        TEXT NOT NULL,
    url               TEXT NOT NULL,
    body              TEXT NOT NULL,
    state             INTEGER NOT NULL,
    attempts          INTEGER NOT NULL,
    next_attempt_at   INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    delivered_at      INTEGER,
    last_error        TEXT,
    last_status       INTEGER,
    lease_owner       TEXT,
    lease_token       INTEGER NOT NULL,
    lease_expires_at  INTEGER,
    UNIQUE (subscription_id, event_id)
);
-- The claim: pending rows in position order, and each (subscription, key)'s oldest pending one (the head rule).
CREATE INDEX IF NOT EXISTS ix_outbound_notifications_pending ON outbound_notifications (position) WHERE state = 0;
CREATE INDEX IF NOT EXISTS ix_outbound_notifications_head ON outbound_notifications (subscription_id, ordering_key, position) WHERE state <> 1;
-- The backlog per subscription, and what removing a subscription deletes: undelivered rows only.
CREATE INDEX IF NOT EXISTS ix_outbound_notifications_backlog ON outbound_notifications (subscription_id, state, created_at) WHERE state <> 1;
-- The purge of delivered rows.
CREATE INDEX IF NOT EXISTS ix_outbound_notifications_delivered ON outbound_notifications (delivered_at) WHERE state = 1;

-- A producer's cursor, written in the transaction of the notifications it made.
CREATE TABLE IF NOT EXISTS notification_checkpoints (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;
