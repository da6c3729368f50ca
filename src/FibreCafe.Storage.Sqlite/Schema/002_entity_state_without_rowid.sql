-- FibreCafe.Storage.Sqlite, schema version 2: the entity state keyed by its entity alone (WITHOUT ROWID), one B-tree
-- instead of a table and its key's index, so recording an entity's state writes one random page, not two (measured
-- under load: the writes of the store are what its disk syncs cost). The rows are kept.
CREATE TABLE kci_entity_state_v2 (
    entity_key        TEXT    PRIMARY KEY,
    sequence_number   INTEGER NOT NULL,
    kci_id            TEXT    NOT NULL,
    status            TEXT,
    updated_at        INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO kci_entity_state_v2 (entity_key, sequence_number, kci_id, status, updated_at)
    SELECT entity_key, sequence_number, kci_id, status, updated_at FROM kci_entity_state;
DROP TABLE kci_entity_state;
ALTER TABLE kci_entity_state_v2 RENAME TO kci_entity_state;
