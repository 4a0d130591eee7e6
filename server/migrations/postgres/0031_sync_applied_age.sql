-- Replay records are pruned by age (server/src/housekeeping.rs).
CREATE INDEX sync_applied_applied_at ON sync_applied (applied_at);
