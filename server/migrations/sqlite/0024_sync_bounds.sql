-- Bounded sync storage (shared/src/sync/server.rs describes it).
-- sync_applied keeps the digest of each mutation (a replay with other
-- content is refused) and its outcome only; rows from before keep their
-- full result and an empty digest, and are answered as before.
ALTER TABLE sync_applied ADD COLUMN digest TEXT NOT NULL DEFAULT '';

-- Stored bytes per portfolio (keys, values, conflict copies as JSON),
-- checked against shared::sync::limits::MAX_PORTFOLIO_BYTES.
CREATE TABLE sync_usage (
    portfolio_id TEXT PRIMARY KEY NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    bytes INTEGER NOT NULL
);
INSERT INTO sync_usage (portfolio_id, bytes)
SELECT portfolio_id, SUM(LENGTH(CAST(target_key AS BLOB)) + LENGTH(CAST(item_id AS BLOB))
                         + LENGTH(CAST(value AS BLOB)) + LENGTH(CAST(conflicts AS BLOB)))
FROM sync_field GROUP BY portfolio_id;

-- Keep only the newest versions (shared::sync::limits::MAX_VERSIONS_KEPT).
DELETE FROM sync_field_version WHERE EXISTS (
    SELECT 1 FROM sync_field f
    WHERE f.portfolio_id = sync_field_version.portfolio_id
      AND f.target_kind = sync_field_version.target_kind
      AND f.target_key = sync_field_version.target_key
      AND f.item_id = sync_field_version.item_id
      AND sync_field_version.version + 50 <= f.version
);
