-- FibreCafe.Storage.Sqlite, schema version 6: what the operations page reads of the inbox (IKciInbox.SearchAsync,
-- CountReceivedByHourAsync) and the events each KCI raised.
--
-- produced_events: KciInboxEntry.ProducedEvents, the names of the events its dispatch raised, as a JSON array of
-- strings (any name round-trips, whatever it holds); NULL when there are none: until done, after a replay, and for a
-- stale KCI that raised nothing.
ALTER TABLE kci_inbox ADD COLUMN produced_events TEXT;

-- The hourly histogram and the date filter: a covering range instead of a scan of every KCI kept (a week at the
-- default retention). Worth its write: KCIs arrive in received_at order, so an insert appends to the index's last
-- page, the one the previous insert wrote, and a commit of many KCIs writes it once, not one random page per KCI.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_received ON kci_inbox (received_at);

-- The entity filter (an id under one or every type: exact keys; a type: a key range), newest first, and its count,
-- without reading the table. This one costs a random page per KCI, as ix_kci_inbox_pending does; worth it because
-- finding what arrived for one order is the lookup operators make most, and without it each is a scan of the whole
-- inbox, twice (the page and its total). position, not sequence_number, is the order the page lists.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_entity ON kci_inbox (entity_key, position);
