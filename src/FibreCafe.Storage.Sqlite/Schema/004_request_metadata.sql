-- FibreCafe.Storage.Sqlite, schema version 4: the caller's metadata on cancellation requests (a JSON object of strings,
-- CancellationRequestMetadata), NULL when there is none.
ALTER TABLE cancellation_requests ADD COLUMN metadata TEXT;
