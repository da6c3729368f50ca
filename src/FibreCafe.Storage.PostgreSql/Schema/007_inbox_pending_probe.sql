-- FibreCafe.Storage.PostgreSql, schema version 7: the claim's probe of an entity reads its pending KCIs only.
--
-- A claim probes each head's entity (no earlier pending KCI, no live lease). Through ix_kci_inbox_pending
-- (WHERE status = 0) the planner could not be trusted: under statistics taken while no KCI was pending, every index
-- with that predicate looks empty, and it probed by reading ix_kci_inbox_due end to end instead (300 ms per claim,
-- docs/performance.md). So the probe tested `status + 0 = 0`, which no status index serves, and read every row of the
-- entity through ix_kci_inbox_entity, done ones and their dead versions included. This index has that expression as
-- its predicate: only the probe's test implies it, it is entered by entity, and it holds the entity's pending KCIs
-- only. It replaces ix_kci_inbox_pending (the same write per KCI as before); the search by entity and status, its other
-- user, reads ix_kci_inbox_entity instead.
--
-- The table lock first: CREATE INDEX takes SHARE and DROP INDEX then ACCESS EXCLUSIVE, and a claim running meanwhile
-- (ACCESS SHARE, then ROW EXCLUSIVE for its lease) would deadlock with that upgrade and might abort the migration.
-- Reads and writes of kci_inbox wait until the migration commits.
LOCK TABLE kci_inbox IN ACCESS EXCLUSIVE MODE;
CREATE INDEX IF NOT EXISTS ix_kci_inbox_pending_of_entity ON kci_inbox (entity_key, sequence_number, position) WHERE status + 0 = 0;
DROP INDEX IF EXISTS ix_kci_inbox_pending;
