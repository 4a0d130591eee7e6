-- Mentors (issue 13): which mentor may read which candidate's portfolios,
-- invitations a candidate sent to an address without a mentor account, and
-- the comments mentors place on answers with their replies.

-- A candidate gave this mentor access to their portfolios (to read and
-- comment, never to edit). Removing the row ends access at once.
CREATE TABLE mentor_links (
    candidate_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (candidate_id, mentor_id)
);
CREATE INDEX mentor_links_mentor ON mentor_links (mentor_id);

-- An invitation (role mentor, bound to `email`) made by a candidate: the
-- account made with it is linked to that candidate in the same transaction.
CREATE TABLE mentor_invitations (
    invitation_id TEXT PRIMARY KEY NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    candidate_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX mentor_invitations_candidate ON mentor_invitations (candidate_id);

-- A comment on one answer. `anchor` is the shared::comments::Anchor JSON as
-- it stands on version `anchor_version` of the answer (the last version it
-- was placed or re-anchored on); `status` 'anchored' or 'orphaned'. An
-- orphan keeps the last anchor that fitted, so it is tried again from that
-- version's text. `suggestion_status` NULL without a suggestion, else
-- 'open', 'taken' or 'declined'.
CREATE TABLE comments (
    id TEXT PRIMARY KEY NOT NULL,
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    anchor TEXT NOT NULL,
    anchor_version BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('anchored', 'orphaned')),
    suggestion TEXT,
    suggestion_status TEXT CHECK (suggestion_status IN ('open', 'taken', 'declined')),
    suggestion_decided_at BIGINT,
    resolved_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX comments_portfolio_key ON comments (portfolio_id, question_key);

-- Replies in a comment's thread, by the candidate or the mentor. `id`
-- is the id the writer's device made, so a reply sent again after a lost
-- answer is stored once.
CREATE TABLE comment_replies (
    id TEXT PRIMARY KEY NOT NULL,
    comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX comment_replies_comment ON comment_replies (comment_id, created_at);

-- When each portfolio's content last changed through sync (the mentor's
-- list of candidates shows it); written by every push that changes it.
CREATE TABLE portfolio_changes (
    portfolio_id TEXT PRIMARY KEY NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    changed_at BIGINT NOT NULL
);
