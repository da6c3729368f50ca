-- FibreCafe.Storage.PostgreSql, schema version 3: the caller's metadata on cancellation requests (a JSON object of
-- strings, CancellationRequestMetadata), NULL when there is none. Text, not jsonb: the store never queries inside it.
ALTER TABLE cancellation_requests ADD COLUMN IF NOT EXISTS metadata text;
