-- Rate limits shared by every server instance (server/src/auth/rate_limit.rs).
-- One row per limit and client key holding the GCRA "theoretical arrival
-- time" in UTC unix milliseconds: the bucket is full again at `tat_ms`, so
-- a row with `tat_ms` in the past means the same as no row and may be
-- deleted at any time.
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    tat_ms INTEGER NOT NULL,
    PRIMARY KEY (bucket, key)
);
CREATE INDEX rate_limits_tat ON rate_limits (tat_ms);
