-- Accounts, their roles and their passkeys. Ids are UUID text, instants UTC
-- unix seconds. E-mail addresses are stored lower-cased so they are unique
-- regardless of how people type them.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('candidate', 'mentor', 'assessor', 'admin')),
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- `passkey` is webauthn-rs's serialised Passkey (public key, counter, flags).
CREATE TABLE passkeys (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    passkey TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- Server-side state of a WebAuthn ceremony between its start and finish.
-- Deleted when finished (single use); `context` holds what the ceremony is
-- for (sign-up details, invitation or set-up token hash) as JSON.
CREATE TABLE webauthn_challenges (
    id TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    user_id TEXT,
    context TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX webauthn_challenges_expiry ON webauthn_challenges (expires_at);
