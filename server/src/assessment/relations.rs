//! Facts from other features that the assessment needs: the candidate's
//! mentors (conflict of interest) and whether the server holds a file's
//! bytes (submitting needs every evidence file uploaded).
//!
//! Both features are being built beside this one (mentors: migration 0026,
//! table `mentor_links`; files: migration 0027). Until they are merged these
//! functions ask whether the table exists; once merged, the checks are
//! wired to those features' own functions and the existence test goes.

use crate::db::{Db, DbKind};
use std::collections::BTreeSet;
use uuid::Uuid;

async fn table_exists(db: &Db, table: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = match db.kind {
        DbKind::Sqlite => {
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1")
                .bind(table)
                .fetch_optional(&db.pool)
                .await?
        }
        DbKind::Postgres => {
            sqlx::query_scalar(
                "SELECT table_name::TEXT FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(table)
            .fetch_optional(&db.pool)
            .await?
        }
    };
    Ok(found.is_some())
}

/// The candidate's mentors (`mentor_links`, design decision of the mentors
/// feature): none of them may assess the candidate.
pub async fn mentors_of_candidate(db: &Db, candidate: Uuid) -> Result<Vec<Uuid>, sqlx::Error> {
    if !table_exists(db, "mentor_links").await? {
        return Ok(Vec::new());
    }
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT mentor_id FROM mentor_links WHERE candidate_id = $1")
            .bind(candidate.to_string())
            .fetch_all(&db.pool)
            .await?;
    Ok(ids
        .iter()
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect())
}

/// The SHA-256s of the files whose bytes the server holds for a portfolio
/// (complete uploads only): a file named in an evidence row counts for the
/// checklist only once its bytes are here.
pub async fn uploaded_files(db: &Db, portfolio: &str) -> Result<BTreeSet<String>, sqlx::Error> {
    Ok(crate::files::store::stored(db, portfolio)
        .await?
        .into_iter()
        .map(|meta| meta.sha256.as_str().to_string())
        .collect())
}
