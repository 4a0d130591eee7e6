-- One row that every change of roles locks first (server/src/auth/accounts.rs
-- `set_roles`), so role changes run one after the other. Without it two
-- admins removing each other's admin role at the same time would each still
-- count the other as admin and both commit, leaving no admin (PostgreSQL's
-- READ COMMITTED shows neither the other's uncommitted delete).
-- `changes` counts the role changes ever made; the count itself is unused.
CREATE TABLE role_change_lock (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    changes BIGINT NOT NULL
);
INSERT INTO role_change_lock (id, changes) VALUES (1, 0);
