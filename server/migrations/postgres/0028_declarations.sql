-- Signing requests of declarations ("Laten ondertekenen", shared/src/declarations).
-- One row per request for one slot of a portfolio: a question (`slot_row` is '')
-- or a list row. The token (256 random bits) is stored as its SHA-256 only;
-- it works once (`used_at`) and until `expires_at` (30 days). The exact text
-- that was sent, and signed, is kept with its SHA-256: a signature counts
-- only while the slot's current fields give that same text.
-- `state`: sent, signed, declined, or replaced by a newer request for the
-- same slot (whose link then no longer works).
CREATE TABLE declaration_requests (
    id TEXT PRIMARY KEY NOT NULL,
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    slot_key TEXT NOT NULL,
    slot_row TEXT NOT NULL,
    format TEXT NOT NULL,
    candidate_name TEXT NOT NULL,
    fields TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    signer_role TEXT NOT NULL,
    signer_email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('sent', 'signed', 'declined', 'replaced')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    signed_text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    signed_name TEXT,
    signed_at BIGINT,
    declined_at BIGINT,
    decline_reason TEXT
);
CREATE INDEX declaration_requests_portfolio ON declaration_requests (portfolio_id, created_at);
