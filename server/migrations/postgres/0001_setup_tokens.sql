-- One-time links that let the first admin register. Only a SHA-256 hash of
-- the token is stored; instants are UTC unix seconds.
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
