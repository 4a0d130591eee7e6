//! Comment digests (issue 13): a candidate gets at most one mail an hour
//! summarising new comments and replies of their mentors; a mentor one for
//! new replies in the threads they started. Run by every instance from
//! `crate::housekeeping`.
//!
//! Exactly once: a person's digest covers what was written from their last
//! digest's `sent_at` up to (not including) `now`, so what is written in the
//! second of a round comes in the next one; it is sent only by the instance
//! whose compare-and-set of `sent_at` from the old value to `now` changed a
//! row. The mail names how many comments there are and where, never their
//! text: without SMTP it is logged, and comments describe clients.
//! Only verified addresses get mail, and a mentor only while still linked.

use crate::db::Db;
use crate::mail::Mailer;
use std::collections::BTreeMap;

/// At most one digest of a kind per person in this many seconds.
pub const MIN_GAP_SECS: i64 = 60 * 60;

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub candidates: usize,
    pub mentors: usize,
}

#[derive(Clone, Copy)]
enum Kind {
    /// To a candidate: mentors' comments and replies on their portfolios.
    Comments,
    /// To a mentor: others' replies on comments the mentor placed.
    Replies,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Comments => "comments",
            Kind::Replies => "replies",
        }
    }
}

/// One pending item: who gets it, the portfolio, whether it is a reply,
/// and when it was written.
type Pending = (String, String, i64, i64);

/// The last digest's time of every person of `kind` (0 when none went yet).
const LAST_SENT: &str = "COALESCE((SELECT d.sent_at FROM comment_digests d \
     WHERE d.user_id = r.user_id AND d.kind = $1), 0)";

pub async fn run_once(
    db: &Db,
    mailer: &Mailer,
    origin: &str,
    now: i64,
) -> Result<Round, sqlx::Error> {
    // Candidates: comments and replies written by someone else on their
    // portfolios.
    let to_candidates: Vec<Pending> = sqlx::query_as(&format!(
        "SELECT r.user_id, r.portfolio_id, r.is_reply, r.at FROM ( \
           SELECT p.owner_id AS user_id, p.id AS portfolio_id, CAST(0 AS BIGINT) AS is_reply, c.created_at AS at \
             FROM comments c JOIN portfolios p ON p.id = c.portfolio_id \
            WHERE c.author_id <> p.owner_id \
           UNION ALL \
           SELECT p.owner_id, p.id, CAST(1 AS BIGINT), x.created_at \
             FROM comment_replies x JOIN comments c ON c.id = x.comment_id \
             JOIN portfolios p ON p.id = c.portfolio_id \
            WHERE x.author_id <> p.owner_id \
         ) r WHERE r.at >= {LAST_SENT} AND r.at < $2"
    ))
    .bind(Kind::Comments.as_str())
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    // Mentors: replies by someone else on comments they placed, while
    // they are still linked to the candidate.
    let to_mentors: Vec<Pending> = sqlx::query_as(&format!(
        "SELECT r.user_id, r.portfolio_id, r.is_reply, r.at FROM ( \
           SELECT c.author_id AS user_id, c.portfolio_id AS portfolio_id, CAST(1 AS BIGINT) AS is_reply, x.created_at AS at \
             FROM comment_replies x JOIN comments c ON c.id = x.comment_id \
             JOIN portfolios p ON p.id = c.portfolio_id \
             JOIN mentor_links l ON l.candidate_id = p.owner_id AND l.mentor_id = c.author_id \
            WHERE x.author_id <> c.author_id \
         ) r WHERE r.at >= {LAST_SENT} AND r.at < $2"
    ))
    .bind(Kind::Replies.as_str())
    .bind(now)
    .fetch_all(&db.pool)
    .await?;

    Ok(Round {
        candidates: send_all(db, mailer, origin, Kind::Comments, to_candidates, now).await?,
        mentors: send_all(db, mailer, origin, Kind::Replies, to_mentors, now).await?,
    })
}

/// Per person: claim the digest, then send it. Returns how many went.
async fn send_all(
    db: &Db,
    mailer: &Mailer,
    origin: &str,
    kind: Kind,
    pending: Vec<Pending>,
    now: i64,
) -> Result<usize, sqlx::Error> {
    // person -> portfolio -> (comments, replies)
    let mut by_person: BTreeMap<String, BTreeMap<String, (u32, u32)>> = BTreeMap::new();
    for (person, portfolio, is_reply, _) in pending {
        let counts = by_person
            .entry(person)
            .or_default()
            .entry(portfolio)
            .or_default();
        if is_reply == 0 {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    let mut sent = 0;
    for (person, portfolios) in by_person {
        let Some(to) = verified_address(db, &person).await? else {
            continue;
        };
        if !claim(db, &person, kind, now).await? {
            continue;
        }
        let (subject, body) = compose(kind, &to.0, &portfolios, origin);
        mailer
            .send_text(&to.1, &subject, &body, "comment_digest")
            .await;
        sent += 1;
    }
    Ok(sent)
}

/// Name and address of `person`, only if the address is verified.
async fn verified_address(db: &Db, person: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT name, email FROM users WHERE id = $1 AND email_verified_at IS NOT NULL")
        .bind(person)
        .fetch_optional(&db.pool)
        .await
}

/// Moves `person`'s last digest of `kind` to `now` if the previous one is at
/// least [`MIN_GAP_SECS`] old; whether this caller did (and so sends).
async fn claim(db: &Db, person: &str, kind: Kind, now: i64) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO comment_digests (user_id, kind, sent_at) VALUES ($1, $2, 0) \
         ON CONFLICT DO NOTHING",
    )
    .bind(person)
    .bind(kind.as_str())
    .execute(&db.pool)
    .await?;
    let (last,): (i64,) =
        sqlx::query_as("SELECT sent_at FROM comment_digests WHERE user_id = $1 AND kind = $2")
            .bind(person)
            .bind(kind.as_str())
            .fetch_one(&db.pool)
            .await?;
    if last > now - MIN_GAP_SECS {
        return Ok(false);
    }
    let changed = sqlx::query(
        "UPDATE comment_digests SET sent_at = $1 WHERE user_id = $2 AND kind = $3 AND sent_at = $4",
    )
    .bind(now)
    .bind(person)
    .bind(kind.as_str())
    .bind(last)
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

fn compose(
    kind: Kind,
    name: &str,
    portfolios: &BTreeMap<String, (u32, u32)>,
    origin: &str,
) -> (String, String) {
    let mut lines = String::new();
    for (portfolio, (comments, replies)) in portfolios {
        let what = match (comments, replies) {
            (0, r) => plural(*r, "nieuwe reactie", "nieuwe reacties"),
            (c, 0) => plural(*c, "nieuwe opmerking", "nieuwe opmerkingen"),
            (c, r) => format!(
                "{} en {}",
                plural(*c, "nieuwe opmerking", "nieuwe opmerkingen"),
                plural(*r, "reactie", "reacties")
            ),
        };
        let link = match kind {
            Kind::Comments => format!("{origin}/portfolio?id={portfolio}"),
            Kind::Replies => format!("{origin}/mentor/portfolio?id={portfolio}"),
        };
        lines.push_str(&format!("- {what}: {link}\n"));
    }
    match kind {
        Kind::Comments => (
            "Nieuwe opmerkingen bij je portfolio".to_string(),
            format!(
                "Beste {name},\n\nJe mentor heeft gereageerd op je portfolio:\n\n{lines}\n\
                 Je leest ze in je portfolio bij de vragen waar ze over gaan.\n"
            ),
        ),
        Kind::Replies => (
            "Nieuwe reacties op je opmerkingen".to_string(),
            format!("Beste {name},\n\nEr is gereageerd op opmerkingen die je plaatste:\n\n{lines}"),
        ),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_counts_and_links_but_quotes_nothing() {
        let mut portfolios = BTreeMap::new();
        portfolios.insert("p1".to_string(), (2, 1));
        let (subject, body) = compose(Kind::Comments, "Kim", &portfolios, "https://rj.example");
        assert_eq!(subject, "Nieuwe opmerkingen bij je portfolio");
        assert!(body
            .contains("- 2 nieuwe opmerkingen en 1 reactie: https://rj.example/portfolio?id=p1"));
        let (_, body) = compose(Kind::Replies, "Mo", &portfolios, "https://rj.example");
        assert!(body.contains("https://rj.example/mentor/portfolio?id=p1"));
    }
}
