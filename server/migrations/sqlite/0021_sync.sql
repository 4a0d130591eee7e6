-- Storage of the sync protocol (shared/src/sync/server.rs describes it).
-- A target is (portfolio_id, target_kind, target_key, item_id): kind
-- 'answer' or 'value' with the question key and item_id '' (primary key
-- columns cannot be NULL), or 'item' with the list key and the client-made
-- item id. Values are shared::sync::FieldValue JSON, versions and sequence
-- numbers are counters starting at 1.

-- The last server-wide change number. Every push locks this row first and
-- holds it until commit, so change numbers become visible in order.
CREATE TABLE sync_counter (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO sync_counter (id, seq) VALUES (1, 0);

-- Current state of every target; `seq` is its last change, the pull feed.
-- `live` is 0 for a deleted list row, so a list's rows can be counted.
CREATE TABLE sync_field (
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('answer', 'value', 'item')),
    target_key TEXT NOT NULL,
    item_id TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    conflicts TEXT NOT NULL,
    live INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (portfolio_id, target_kind, target_key, item_id)
);
CREATE UNIQUE INDEX sync_field_seq ON sync_field (seq);
CREATE INDEX sync_field_portfolio_seq ON sync_field (portfolio_id, seq);

-- Every version's value: an offline client may still be based on any of
-- them, and the three-way merge needs that base.
CREATE TABLE sync_field_version (
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL,
    target_key TEXT NOT NULL,
    item_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (portfolio_id, target_kind, target_key, item_id, version)
);

-- The answer given to every processed mutation (shared::sync::MutationResult
-- JSON), so a replay after a lost response gets the same answer and changes
-- nothing. Scoped by person as well as client id: client ids are chosen by
-- browsers, and one person's replay must never answer with another's data.
CREATE TABLE sync_applied (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    result TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, client_id, seq)
);
