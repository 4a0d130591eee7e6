-- When each mentor link began and ended (issue 14, PE statements of
-- category 4): mentor_links says who may read what now and loses its row
-- when a link ends; this keeps the periods, so a mentor's statement over
-- an earlier year still counts a candidate who since removed the link.
-- The candidate becomes NULL when their account is erased: the mentor's
-- period still counts, without saying whom it was for.
CREATE TABLE mentor_periods (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    mentor_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX mentor_periods_mentor ON mentor_periods (mentor_id);
CREATE INDEX mentor_periods_open ON mentor_periods (candidate_id, mentor_id) WHERE ended_at IS NULL;
INSERT INTO mentor_periods (candidate_id, mentor_id, started_at)
    SELECT candidate_id, mentor_id, created_at FROM mentor_links;
