-- Assessment: submissions (an immutable snapshot with its manifest, and the
-- state of the assessment as `shared::assessment::Assessment` JSON, which
-- the server changes only through `shared::assessment::apply`), the
-- assessors assigned to each (for access queries), and the certificate a
-- positive decision issued. The role 'certifier' is allowed in user_roles
-- and invitations: SQLite cannot change a CHECK in place, and rebuilding
-- those tables needs foreign_keys=OFF, which has no effect inside this
-- migration's transaction, so `db::sqlite_allow_certifier` rebuilds them
-- right after the migrations (reusing each table's own SQL).
CREATE TABLE submissions (
    id TEXT PRIMARY KEY NOT NULL,
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id),
    candidate_id TEXT NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('initial_full', 'initial_shortened', 'recertification')),
    stage TEXT NOT NULL,
    -- 1 while being judged or while an objection is open: a new submission
    -- of the same portfolio waits (409).
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    manifest TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    state TEXT NOT NULL,
    late TEXT,
    submitted_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    certificate_id TEXT REFERENCES certificates (id),
    UNIQUE (portfolio_id, version)
);
CREATE INDEX submissions_candidate ON submissions (candidate_id);
CREATE INDEX submissions_waiting ON submissions (active, updated_at);

CREATE TABLE submission_assessors (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    assessor_id TEXT NOT NULL REFERENCES users (id),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (submission_id, assessor_id)
);
CREATE INDEX submission_assessors_assessor ON submission_assessors (assessor_id);
