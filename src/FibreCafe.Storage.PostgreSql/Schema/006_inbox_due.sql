-- FibreCafe.Storage.PostgreSql, schema version 6: the claim's scan of pending KCIs in arrival order.
--
-- A claim takes the due heads ORDER BY position LIMIT 32. Without this index the planner may walk the primary key
-- from the first position, filtering status = 0, when it takes pending rows to be spread evenly among the done ones;
-- but every done KCI arrived before the pending ones, so that walk reads every done KCI kept before the first pending
-- one (measured with 100,000 done and 10,000 pending: 99,000 rows filtered out, 98 ms per claim; docs/performance.md).
-- This partial index holds the pending rows only, in position order: the claim reads the backlog, never what is done.
-- Its write is an append to the index's last page per KCI (positions only grow); a KCI leaves it when it is done.
CREATE INDEX IF NOT EXISTS ix_kci_inbox_due ON kci_inbox (position) WHERE status = 0;
