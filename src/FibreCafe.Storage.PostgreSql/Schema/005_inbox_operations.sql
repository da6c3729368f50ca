-- FibreCafe.Storage.PostgreSql, schema version 5: what the operations page reads of the inbox (IKciInbox.SearchAsync,
-- CountReceivedByHourAsync) and the events each KCI raised.
--
-- produced_events: KciInboxEntry.ProducedEvents, the names of the events its dispatch raised, as a JSON array of
-- strings (any name round-trips, whatever it holds); NULL when there are none: until done, after a replay, and for a
-- stale KCI that raised nothing. Text, not jsonb: the store never queries inside it.
-- The indexes are built in the migration's transaction, not CONCURRENTLY: receivers are upgraded all at once, the
-- old ones stopped first (docs/stores.md), so no intake waits on the build.
ALTER TABLE kci_inbox ADD COLUMN IF NOT EXISTS produced_events text;

-- The hourly histogram and the date filter: a range instead of a scan of every KCI kept (a week at the default
-- retention). Worth its write: KCIs arrive in received_at order, so an insert appends to the index's last page.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_received ON kci_inbox (received_at);

-- The entity filter by exact keys (an id under one or every type), newest first, and its count. This one costs a
-- random page per KCI, as ix_kci_inbox_pending does; worth it because finding what arrived for one order is the
-- lookup operators make most, and without it each is a scan of the whole inbox. position is the order the page lists.
-- A type alone compares keys bytewise (COLLATE "C", PostgreSqlSql), which this index, in the database's collation,
-- does not serve: a type matches a large share of the inbox, which the planner reads by position or in full anyway.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_entity ON kci_inbox (entity_key, position);
