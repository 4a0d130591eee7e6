-- Who did what, when, from where. Append-only: nothing updates or deletes
-- rows. `actor_id` and `subject_id` are not foreign keys so the record
-- outlives the accounts it mentions.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id TEXT,
    event TEXT NOT NULL,
    subject_id TEXT,
    ip TEXT,
    details TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
