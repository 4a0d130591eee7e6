-- A candidate's portfolios. Their content is not here but in the sync
-- tables (0021): every answer, value and list row is a sync target.
-- `framework_version` is the framework's version at creation, kept when a
-- newer framework is released. Instants are UTC unix seconds.
CREATE TABLE portfolios (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('initial', 'recertification')),
    framework_version TEXT NOT NULL,
    -- No CHECK: later statuses (submitted, assessed) arrive without
    -- rebuilding the table on SQLite.
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- One open portfolio of each kind per candidate; "open" is every status a
-- candidate still works in, for now only 'draft'.
CREATE UNIQUE INDEX portfolios_one_open_per_kind ON portfolios (owner_id, kind)
    WHERE status = 'draft';
