-- E-mail verification. Registrations, invoices and certificates are matched
-- to accounts by e-mail address, so an address counts only once its owner
-- followed a one-time link sent to it (`email_verified_at`). Addresses are
-- unique among verified accounts only: signing up with a taken address
-- must look exactly like signing up with a fresh one, so a second,
-- unverified account with the same address can exist, and can never become
-- verified for it (the partial unique index).
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_key;
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;

-- Accounts that exist already: admins (who see every record anyway) and
-- accounts made from an invitation for their own address count as
-- verified; everyone else confirms their address once.
UPDATE users SET email_verified_at = created_at
WHERE id IN (SELECT user_id FROM user_roles WHERE role = 'admin')
   OR id IN (SELECT used_by FROM invitations WHERE used_by IS NOT NULL AND email = users.email);

CREATE UNIQUE INDEX users_verified_email ON users (email) WHERE email_verified_at IS NOT NULL;
CREATE INDEX users_email ON users (email);

-- One-time links: 256 random bits, only their SHA-256 stored, 24 hours,
-- single use, for one account and the address it had when the link was sent.
CREATE TABLE email_verifications (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);
