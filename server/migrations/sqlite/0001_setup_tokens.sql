-- One-time links that let the first admin register. Only a SHA-256 hash of
-- the token is stored; instants are UTC unix seconds.
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
