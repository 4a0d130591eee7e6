-- Evidence files (server/src/files describes them). The bytes live in the
-- database on both kinds, in chunks of 256 KiB, so every stateless instance
-- reaches them and an upload streams without holding the file in memory.

-- One set of stored bytes: an upload in progress (no portfolio_files row
-- names it yet) or a stored file. Uploads that never finished are removed
-- by the clean-up a day after they started.
CREATE TABLE file_blobs (
    id TEXT PRIMARY KEY NOT NULL,
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL
);

-- The bytes, in order of seq (0, 1, …).
CREATE TABLE file_chunks (
    blob_id TEXT NOT NULL REFERENCES file_blobs (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (blob_id, seq)
);

-- A portfolio's stored files, by the SHA-256 of their bytes. Files are
-- per portfolio (never shared between portfolios), so a hash reveals
-- nothing about other people's files and a portfolio's budget is its own.
-- unreferenced_since: when the clean-up first saw no evidence row naming
-- the file (NULL while one does); 30 days later the file is removed.
CREATE TABLE portfolio_files (
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    blob_id TEXT NOT NULL REFERENCES file_blobs (id),
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL,
    unreferenced_since INTEGER,
    PRIMARY KEY (portfolio_id, sha256)
);
CREATE UNIQUE INDEX portfolio_files_blob ON portfolio_files (blob_id);
