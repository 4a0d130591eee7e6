-- Comment digests (issue 13): when each person's last digest of a kind
-- ('comments' for a candidate, 'replies' for a mentor) went out, so a
-- person gets at most one an hour and every instance can try to send it:
-- only the one whose compare-and-set on `sent_at` succeeds does.
CREATE TABLE comment_digests (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('comments', 'replies')),
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
);
