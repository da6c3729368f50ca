-- FibreCafe.Storage.PostgreSql, schema version 1: the KCI inbox, the entity states and the cancellation ledger.
--
-- The store applies this file itself when the host starts: in one transaction, under an advisory lock so that
-- receivers starting together apply it once, with search_path set to the store's schema (Store:Schema, default
-- fibrecafe_kci), and records it in kci_schema_version. Every statement is idempotent. To apply it by hand:
--   CREATE SCHEMA IF NOT EXISTS fibrecafe_kci; SET search_path TO fibrecafe_kci; \i 001_initial.sql
-- Times are timestamptz (UTC); the store passes its own clock's times, so due and lease times compare directly.

-- One row per KCI id, kept until the retention removes it once done (parked entries stay until replayed).
-- position keeps arrival order; status: 0 pending, 1 done, 2 parked.
CREATE TABLE IF NOT EXISTS kci_inbox (
    position           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kci_id             uuid        NOT NULL UNIQUE,
    entity_key         text        NOT NULL,
    sequence_number    bigint      NOT NULL,
    entity_type        text        NOT NULL,
    update_type        text        NOT NULL,
    supplier           text        NOT NULL,
    delivered_on       timestamptz NOT NULL,
    received_at        timestamptz NOT NULL,
    request_id         text,
    conversation_id    text,
    body               bytea       NOT NULL,
    status             smallint    NOT NULL DEFAULT 0,
    attempts           integer     NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    last_error         text,
    completed_at       timestamptz,
    lease_id           uuid,
    lease_expires_at   timestamptz
);

-- The pending entries of an entity in dispatch order: finds each entity's head and its live claim.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_pending ON kci_inbox (entity_key, sequence_number, position) WHERE status = 0;
-- Listing by state (parked entries, statistics).
CREATE INDEX IF NOT EXISTS ix_kci_inbox_status ON kci_inbox (status, position);
-- The retention of done entries.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_done ON kci_inbox (completed_at) WHERE status = 1;

-- One row per entity ever received: the row a claim locks (FOR UPDATE SKIP LOCKED) before it looks at the
-- entity's entries, so that two receivers never claim entries of one entity at the same time.
CREATE TABLE IF NOT EXISTS kci_entity (
    entity_key         text PRIMARY KEY
);

-- The newest KCI applied per entity; never moved back to an older sequence number.
CREATE TABLE IF NOT EXISTS kci_entity_state (
    entity_key         text        PRIMARY KEY,
    sequence_number    bigint      NOT NULL,
    kci_id             uuid        NOT NULL,
    status             text,
    updated_at         timestamptz NOT NULL
);

-- One row per cancellation (kind 0 service order, 1 service problem).
CREATE TABLE IF NOT EXISTS cancellation_ledger (
    kind               smallint    NOT NULL,
    cancellation_id    bigint      NOT NULL,
    target_id          bigint      NOT NULL,
    status             text        NOT NULL,
    reason_code        text,
    text               text,
    supplier           text,
    supplier_reference text,
    request_id         text,
    conversation_id    text,
    request_body       text,
    response_body      text,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    closed_at          timestamptz,
    last_kci_id        uuid,
    status_reason      text,
    PRIMARY KEY (kind, cancellation_id)
);
CREATE INDEX IF NOT EXISTS ix_cancellation_ledger_target ON cancellation_ledger (kind, target_id);
