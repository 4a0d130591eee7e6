-- The dossier (issue 15): the register's signing keys, privacy statement
-- acceptance, and the retention notices.

-- Keys that sign register statements (compact JWS, Ed25519). `kid` is the
-- key's RFC 7638 thumbprint, `public_key` the JWK `x` (base64url). Every key
-- that ever signed stays here so earlier statements keep verifying after a
-- rotation. `private_key` (base64url seed) is only kept for the key the
-- server generated itself because the operator configured none
-- (`origin = 'generated'`, at most one such row, so every instance on this
-- database signs with the same key); a configured key's secret never
-- reaches the database.
CREATE TABLE register_signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    public_key TEXT NOT NULL,
    private_key TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('generated', 'configured')),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX register_signing_keys_one_generated ON register_signing_keys (origin)
    WHERE origin = 'generated';

-- Which version of the privacy statement a person accepted, and when: one
-- row per version accepted, so the history stays provable.
CREATE TABLE privacy_acceptances (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, version)
);

-- Retention: an account without sign-in for two years is warned by e-mail
-- (one row, claimed by exactly one instance through the primary key), and
-- its portfolios are deleted after `delete_after` unless it signed in
-- again (then the row is removed).
CREATE TABLE retention_notices (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_sign_in_at INTEGER NOT NULL,
    warned_at INTEGER NOT NULL,
    delete_after INTEGER NOT NULL
);

-- Export, erasure and retention look entries up by person.
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_subject ON audit_log (subject_id);
