//! SQL of `mentor_links`, `mentor_periods` and `mentor_invitations`.

use crate::db::{now, Db};
use shared::api::mentors::{LinkedMentor, MentorLink, PendingMentor};
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;
use uuid::Uuid;

/// A stored mentor link's account id.
pub fn parse_mentor_id(id: &str) -> Result<Uuid, sqlx::Error> {
    Uuid::parse_str(id).map_err(|_| sqlx::Error::Decode(format!("mentor_links id {id}").into()))
}

/// The mentors linked to a candidate: what `PortfolioRelations.mentors`
/// holds for each of the candidate's portfolios.
pub async fn mentors_of_candidate(db: &Db, candidate: Uuid) -> Result<Vec<Uuid>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT mentor_id FROM mentor_links WHERE candidate_id = $1 ORDER BY mentor_id",
    )
    .bind(candidate.to_string())
    .fetch_all(&db.pool)
    .await?;
    ids.iter().map(|id| parse_mentor_id(id)).collect()
}

/// Every link, by candidate (for listing many portfolios at once).
pub async fn mentors_of_candidates(db: &Db) -> Result<HashMap<Uuid, Vec<Uuid>>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT candidate_id, mentor_id FROM mentor_links ORDER BY candidate_id, mentor_id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (c, m) in rows {
        map.entry(parse_mentor_id(&c)?)
            .or_default()
            .push(parse_mentor_id(&m)?);
    }
    Ok(map)
}

/// The candidates a mentor is linked to, with the link's start, oldest first.
pub async fn candidates_of_mentor(
    db: &Db,
    mentor: Uuid,
) -> Result<Vec<(Uuid, String, i64)>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT l.candidate_id, u.name, l.created_at FROM mentor_links l \
         JOIN users u ON u.id = l.candidate_id WHERE l.mentor_id = $1 \
         ORDER BY l.created_at, l.candidate_id",
    )
    .bind(mentor.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, name, at)| Ok((parse_mentor_id(&id)?, name, at)))
        .collect()
}

pub async fn is_linked(db: &Db, candidate: Uuid, mentor: Uuid) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mentor_links WHERE candidate_id = $1 AND mentor_id = $2",
    )
    .bind(candidate.to_string())
    .bind(mentor.to_string())
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Links the two; false when they were linked already.
pub async fn link(
    tx: &mut Transaction<'_, Any>,
    candidate: Uuid,
    mentor: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO mentor_links (candidate_id, mentor_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (candidate_id, mentor_id) DO NOTHING",
    )
    .bind(candidate.to_string())
    .bind(mentor.to_string())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    let new = done.rows_affected() == 1;
    if new {
        sqlx::query(
            "INSERT INTO mentor_periods (candidate_id, mentor_id, started_at) VALUES ($1, $2, $3)",
        )
        .bind(candidate.to_string())
        .bind(mentor.to_string())
        .bind(now())
        .execute(&mut **tx)
        .await?;
    }
    Ok(new)
}

/// Ends the link; false when there was none.
pub async fn unlink(
    tx: &mut Transaction<'_, Any>,
    candidate: Uuid,
    mentor: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM mentor_links WHERE candidate_id = $1 AND mentor_id = $2")
        .bind(candidate.to_string())
        .bind(mentor.to_string())
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE mentor_periods SET ended_at = $1 \
         WHERE candidate_id = $2 AND mentor_id = $3 AND ended_at IS NULL",
    )
    .bind(now())
    .bind(candidate.to_string())
    .bind(mentor.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The mentor's periods as (candidate, started, ended), UTC unix seconds;
/// the candidate is `None` once their account was erased.
pub async fn periods(
    db: &Db,
    mentor: Uuid,
) -> Result<Vec<(Option<String>, i64, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT candidate_id, started_at, ended_at FROM mentor_periods WHERE mentor_id = $1 \
         ORDER BY started_at, id",
    )
    .bind(mentor.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
        .collect()
}

/// A candidate's mentors with their names and addresses.
pub async fn linked_mentors(db: &Db, candidate: Uuid) -> Result<Vec<LinkedMentor>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, l.created_at FROM mentor_links l \
         JOIN users u ON u.id = l.mentor_id WHERE l.candidate_id = $1 \
         ORDER BY l.created_at, u.id",
    )
    .bind(candidate.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, since)| LinkedMentor {
            id,
            name,
            email,
            since,
        })
        .collect())
}

/// The candidate's invitations that can still be accepted.
pub async fn pending_invitations(
    db: &Db,
    candidate: Uuid,
) -> Result<Vec<PendingMentor>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT m.invitation_id, m.email, i.expires_at FROM mentor_invitations m \
         JOIN invitations i ON i.id = m.invitation_id \
         WHERE m.candidate_id = $1 AND m.revoked_at IS NULL AND i.used_at IS NULL \
         AND i.expires_at > $2 ORDER BY m.created_at, m.invitation_id",
    )
    .bind(candidate.to_string())
    .bind(now())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, expires_at)| PendingMentor {
            id,
            email,
            expires_at,
        })
        .collect())
}

/// Records that `invitation` (role mentor, bound to `email`) was made by
/// `candidate`, in the transaction that creates it.
pub async fn record_invitation(
    tx: &mut Transaction<'_, Any>,
    invitation: Uuid,
    candidate: Uuid,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mentor_invitations (invitation_id, candidate_id, email, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(invitation.to_string())
    .bind(candidate.to_string())
    .bind(email)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Withdraws one of the candidate's open invitations: the link stops
/// working at once (it expires now). False when it is not theirs or not
/// open.
pub async fn revoke_invitation(
    tx: &mut Transaction<'_, Any>,
    candidate: Uuid,
    invitation: Uuid,
) -> Result<bool, sqlx::Error> {
    let now = now();
    let done = sqlx::query(
        "UPDATE mentor_invitations SET revoked_at = $1 WHERE invitation_id = $2 \
         AND candidate_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(invitation.to_string())
    .bind(candidate.to_string())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let expired = sqlx::query(
        "UPDATE invitations SET expires_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(invitation.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(expired.rows_affected() == 1)
}

/// When the invitation just used to make `mentor`'s account was a
/// candidate's, links the two (same transaction) and returns the candidate.
pub async fn link_on_signup(
    tx: &mut Transaction<'_, Any>,
    invitation: Uuid,
    mentor: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    let candidate: Option<String> = sqlx::query_scalar(
        "SELECT candidate_id FROM mentor_invitations WHERE invitation_id = $1 AND revoked_at IS NULL",
    )
    .bind(invitation.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(candidate) = candidate else {
        return Ok(None);
    };
    let candidate = parse_mentor_id(&candidate)?;
    link(tx, candidate, mentor).await?;
    Ok(Some(candidate))
}

/// Every link with both names, for admins.
pub async fn all_links(db: &Db) -> Result<Vec<MentorLink>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT l.candidate_id, c.name, l.mentor_id, m.name, l.created_at FROM mentor_links l \
         JOIN users c ON c.id = l.candidate_id JOIN users m ON m.id = l.mentor_id \
         ORDER BY c.name, l.candidate_id, m.name, l.mentor_id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(candidate_id, candidate_name, mentor_id, mentor_name, created_at)| MentorLink {
                candidate_id,
                candidate_name,
                mentor_id,
                mentor_name,
                created_at,
            },
        )
        .collect())
}
