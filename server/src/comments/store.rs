//! SQL of `comments` and `comment_replies`; see the module documentation
//! of `comments` for when anchors move.

use crate::db::{now, Db};
use shared::api::comments::{Author, Comment, Reply, SuggestionStatus};
use shared::comments::{reanchor, Anchor, AnchorError, AnchorStatus, PlacedAnchor};
use shared::sync::{FieldState, FieldValue};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};
use uuid::Uuid;

/// Why a comment or reply was not stored.
#[derive(Debug, thiserror::Error)]
pub enum CommentError {
    /// The anchor does not fit the current text (422 `anchor_mismatch`, …).
    #[error("{0}")]
    Anchor(AnchorError),
    /// The client's id belongs to another comment or reply (409).
    #[error("id taken")]
    IdTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A comment's row, before its replies are added.
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: String,
    pub portfolio_id: String,
    pub key: String,
    pub author: Author,
    pub body: String,
    pub anchor: Anchor,
    pub anchor_version: u64,
    pub status: AnchorStatus,
    pub suggestion: Option<String>,
    pub suggestion_status: Option<SuggestionStatus>,
    pub suggestion_decided_at: Option<i64>,
    pub resolved: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Stored {
    pub fn author_id(&self) -> Option<Uuid> {
        Uuid::parse_str(&self.author.id).ok()
    }
}

const COLUMNS: &str = "c.id, c.portfolio_id, c.question_key, c.author_id, u.name AS author_name, \
    c.body, c.anchor, c.anchor_version, c.status, c.suggestion, c.suggestion_status, \
    c.suggestion_decided_at, c.resolved_at, c.created_at, c.updated_at";

fn decode(what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("comments.{what}").into())
}

fn version_of(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn to_db(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn from_row(row: &AnyRow) -> Result<Stored, sqlx::Error> {
    let anchor: String = row.try_get("anchor")?;
    let status: String = row.try_get("status")?;
    let suggestion_status: Option<String> = row.try_get("suggestion_status")?;
    let resolved_at: Option<i64> = row.try_get("resolved_at")?;
    Ok(Stored {
        id: row.try_get("id")?,
        portfolio_id: row.try_get("portfolio_id")?,
        key: row.try_get("question_key")?,
        author: Author {
            id: row.try_get("author_id")?,
            name: row.try_get("author_name")?,
        },
        body: row.try_get("body")?,
        anchor: serde_json::from_str(&anchor).map_err(|_| decode("anchor"))?,
        anchor_version: version_of(row.try_get("anchor_version")?),
        status: match status.as_str() {
            "anchored" => AnchorStatus::Anchored,
            "orphaned" => AnchorStatus::Orphaned,
            _ => return Err(decode("status")),
        },
        suggestion: row.try_get("suggestion")?,
        suggestion_status: match suggestion_status {
            Some(s) => Some(SuggestionStatus::parse(&s).ok_or_else(|| decode("suggestion"))?),
            None => None,
        },
        suggestion_decided_at: row.try_get("suggestion_decided_at")?,
        resolved: resolved_at.is_some(),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn anchor_json(anchor: &Anchor) -> Result<String, sqlx::Error> {
    serde_json::to_string(anchor).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

fn text_of(value: &str) -> Result<String, sqlx::Error> {
    match serde_json::from_str::<FieldValue>(value).map_err(|_| decode("answer value"))? {
        FieldValue::Text(text) => Ok(text),
        _ => Ok(String::new()),
    }
}

/// The answer's current text and version (empty and 0 when never written).
async fn answer_in(
    tx: &mut Transaction<'_, Any>,
    portfolio: &str,
    key: &str,
) -> Result<(String, u64), sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT value, version FROM sync_field WHERE portfolio_id = $1 \
         AND target_kind = 'answer' AND target_key = $2 AND item_id = ''",
    )
    .bind(portfolio)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        Some((value, version)) => Ok((text_of(&value)?, version_of(version))),
        None => Ok((String::new(), 0)),
    }
}

/// The answer's text at `version`, if that version is still kept.
async fn answer_at(
    conn: &mut AnyConnection,
    portfolio: &str,
    key: &str,
    version: u64,
) -> Result<Option<String>, sqlx::Error> {
    let value: Option<String> = sqlx::query_scalar(
        "SELECT value FROM sync_field_version WHERE portfolio_id = $1 \
         AND target_kind = 'answer' AND target_key = $2 AND item_id = '' AND version = $3",
    )
    .bind(portfolio)
    .bind(key)
    .bind(to_db(version))
    .fetch_optional(&mut *conn)
    .await?;
    value.as_deref().map(text_of).transpose()
}

/// The sync counter's row lock, as the first statement of a transaction:
/// pushes wait for it, so the answers read afterwards do not change before
/// commit (see `portfolios::sync_store`).
async fn lock_answers(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<_, i64>("UPDATE sync_counter SET seq = seq WHERE id = 1 RETURNING seq")
        .fetch_one(&mut **tx)
        .await?;
    Ok(())
}

/// What a new comment carries besides its author.
pub struct NewComment<'a> {
    pub id: Option<Uuid>,
    pub key: &'a str,
    pub anchor: &'a Anchor,
    pub body: &'a str,
    pub suggestion: Option<&'a str>,
}

/// Places a comment on the answer's current text. `Ok((true, _))` when it
/// is new, `(false, _)` when the same comment (same id, author, answer,
/// quote and body) was stored before: a retry.
pub async fn create(
    db: &Db,
    portfolio: &str,
    author: Uuid,
    new: NewComment<'_>,
) -> Result<(bool, String), CommentError> {
    let mut tx = db.pool.begin().await?;
    lock_answers(&mut tx).await?;
    if let Some(id) = new.id {
        let existing: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT portfolio_id, author_id, question_key, anchor, body FROM comments WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((p, a, k, anchor, body)) = existing {
            let same_quote = serde_json::from_str::<Anchor>(&anchor)
                .is_ok_and(|stored| stored.exact == new.anchor.exact);
            if p == portfolio
                && a == author.to_string()
                && k == new.key
                && same_quote
                && body == new.body
            {
                return Ok((false, id.to_string()));
            }
            return Err(CommentError::IdTaken);
        }
    }
    let (text, version) = answer_in(&mut tx, portfolio, new.key).await?;
    new.anchor.check(&text).map_err(CommentError::Anchor)?;
    // The context is the server's own reading of the text, not the client's.
    let anchor =
        Anchor::select(&text, new.anchor.start, new.anchor.end).map_err(CommentError::Anchor)?;
    let id = new.id.unwrap_or_else(Uuid::new_v4).to_string();
    let at = now();
    sqlx::query(
        "INSERT INTO comments (id, portfolio_id, question_key, author_id, body, anchor, \
         anchor_version, status, suggestion, suggestion_status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'anchored', $8, $9, $10, $10)",
    )
    .bind(&id)
    .bind(portfolio)
    .bind(new.key)
    .bind(author.to_string())
    .bind(new.body)
    .bind(anchor_json(&anchor)?)
    .bind(to_db(version))
    .bind(new.suggestion)
    .bind(new.suggestion.map(|_| SuggestionStatus::Open.as_str()))
    .bind(at)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut *tx,
        crate::audit::Entry::new(crate::audit::Event::CommentPlaced)
            .actor(author)
            .subject(&id)
            .details(serde_json::json!({
                "portfolio": portfolio, "key": new.key, "suggestion": new.suggestion.is_some()
            })),
    )
    .await?;
    tx.commit().await?;
    Ok((true, id))
}

/// One comment's row, or None.
pub async fn find(db: &Db, id: &str) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every comment of a portfolio with its replies, oldest first, anchored
/// on the answers' current text.
pub async fn list(db: &Db, portfolio: &str) -> Result<Vec<Comment>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id \
         WHERE c.portfolio_id = $1 ORDER BY c.created_at, c.id"
    ))
    .bind(portfolio)
    .fetch_all(&db.pool)
    .await?;
    let stored = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    let replies: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT r.comment_id, r.id, r.author_id, u.name, r.body, r.created_at \
         FROM comment_replies r JOIN comments c ON c.id = r.comment_id \
         JOIN users u ON u.id = r.author_id WHERE c.portfolio_id = $1 \
         ORDER BY r.created_at, r.id",
    )
    .bind(portfolio)
    .fetch_all(&db.pool)
    .await?;
    // One read transaction for the answers, so every anchor is placed on
    // one consistent state.
    let mut tx = db.pool.begin().await?;
    let mut out = Vec::with_capacity(stored.len());
    for s in stored {
        let (anchor, version) = current_anchor(&mut tx, &s).await?;
        let thread = replies
            .iter()
            .filter(|r| r.0 == s.id)
            .map(|(_, id, author, name, body, at)| Reply {
                id: id.clone(),
                author: Author {
                    id: author.clone(),
                    name: name.clone(),
                },
                body: body.clone(),
                created_at: *at,
            })
            .collect();
        out.push(assemble(s, anchor, version, thread));
    }
    tx.commit().await?;
    Ok(out)
}

/// One comment as [`list`] would answer it.
pub async fn get(db: &Db, id: &str) -> Result<Option<Comment>, sqlx::Error> {
    let Some(stored) = find(db, id).await? else {
        return Ok(None);
    };
    Ok(list(db, &stored.portfolio_id)
        .await?
        .into_iter()
        .find(|c| c.id == id))
}

fn assemble(s: Stored, anchor: PlacedAnchor, version: u64, replies: Vec<Reply>) -> Comment {
    Comment {
        id: s.id,
        key: s.key,
        body: s.body,
        author: s.author,
        created_at: s.created_at,
        updated_at: s.updated_at,
        anchor,
        version,
        suggestion: s.suggestion,
        suggestion_status: s.suggestion_status,
        suggestion_decided_at: s.suggestion_decided_at,
        resolved: s.resolved,
        replies,
    }
}

/// The anchor of `s` on the answer's current version, and that version.
async fn current_anchor(
    tx: &mut Transaction<'_, Any>,
    s: &Stored,
) -> Result<(PlacedAnchor, u64), sqlx::Error> {
    let (text, version) = answer_in(tx, &s.portfolio_id, &s.key).await?;
    if version == s.anchor_version {
        return Ok((
            PlacedAnchor {
                anchor: s.anchor.clone(),
                status: s.status,
            },
            version,
        ));
    }
    let placed = carry(
        tx,
        &s.portfolio_id,
        &s.key,
        &s.anchor,
        s.anchor_version,
        &text,
    )
    .await?;
    Ok((placed, version))
}

/// `anchor`, placed on version `from` of the answer, carried to `text`:
/// through the change from that version's text when it is still kept,
/// otherwise by searching the quote near its old place in `text`.
async fn carry(
    conn: &mut AnyConnection,
    portfolio: &str,
    key: &str,
    anchor: &Anchor,
    from: u64,
    text: &str,
) -> Result<PlacedAnchor, sqlx::Error> {
    let base = if from == 0 {
        Some(String::new())
    } else {
        answer_at(conn, portfolio, key, from).await?
    };
    Ok(match base {
        Some(base) => reanchor(anchor, &base, text),
        None => reanchor(anchor, text, text),
    })
}

/// Re-anchors the comments on one answer after a push changed it to `text`
/// at `version`, in the push's transaction. An anchor that still fits moves
/// to the new version; one that does not becomes (or stays) orphaned and
/// keeps its last good anchor and version.
async fn follow_edit(
    conn: &mut AnyConnection,
    portfolio: &str,
    key: &str,
    text: &str,
    version: u64,
) -> Result<(), sqlx::Error> {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT id, anchor, anchor_version, status FROM comments \
         WHERE portfolio_id = $1 AND question_key = $2",
    )
    .bind(portfolio)
    .bind(key)
    .fetch_all(&mut *conn)
    .await?;
    for (id, anchor, from, status) in rows {
        let from = version_of(from);
        if from >= version {
            continue;
        }
        let anchor: Anchor = serde_json::from_str(&anchor).map_err(|_| decode("anchor"))?;
        let placed = carry(conn, portfolio, key, &anchor, from, text).await?;
        match placed.status {
            AnchorStatus::Anchored => {
                sqlx::query(
                    "UPDATE comments SET anchor = $1, anchor_version = $2, status = 'anchored' \
                     WHERE id = $3",
                )
                .bind(anchor_json(&placed.anchor)?)
                .bind(to_db(version))
                .bind(&id)
                .execute(&mut *conn)
                .await?;
            }
            AnchorStatus::Orphaned if status != "orphaned" => {
                sqlx::query("UPDATE comments SET status = 'orphaned' WHERE id = $1")
                    .bind(&id)
                    .execute(&mut *conn)
                    .await?;
            }
            AnchorStatus::Orphaned => {}
        }
    }
    Ok(())
}

/// Re-anchors the comments on one answer after a push changed it to
/// `state`, in the push's transaction on `conn` (see [`follow_edit`]).
/// The caller notes the portfolio's last change (`portfolio_changes`).
pub async fn follow_answer(
    conn: &mut AnyConnection,
    portfolio: &str,
    key: &str,
    state: &FieldState,
) -> Result<(), sqlx::Error> {
    let text = match &state.value {
        FieldValue::Text(text) => text.as_str(),
        _ => "",
    };
    follow_edit(conn, portfolio, key, text, state.version).await
}

/// When the portfolio's content last changed through sync.
pub async fn last_change(db: &Db, portfolio: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT changed_at FROM portfolio_changes WHERE portfolio_id = $1")
        .bind(portfolio)
        .fetch_optional(&db.pool)
        .await
}

/// Adds a reply; `(false, id)` when the same reply (same id, author, body)
/// was stored before.
pub async fn add_reply(
    db: &Db,
    comment: &str,
    author: Uuid,
    id: Option<Uuid>,
    body: &str,
) -> Result<(bool, Reply), CommentError> {
    let mut tx = db.pool.begin().await?;
    // Time-ordered when the server makes it (replies list by time, then id).
    let id = id.unwrap_or_else(Uuid::now_v7).to_string();
    let existing: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT comment_id, author_id, body, created_at FROM comment_replies WHERE id = $1",
    )
    .bind(&id)
    .fetch_optional(&mut *tx)
    .await?;
    let name: String = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(author.to_string())
        .fetch_one(&mut *tx)
        .await?;
    let reply = |created_at| Reply {
        id: id.clone(),
        author: Author {
            id: author.to_string(),
            name: name.clone(),
        },
        body: body.to_string(),
        created_at,
    };
    if let Some((c, a, b, at)) = existing {
        if c == comment && a == author.to_string() && b == body {
            return Ok((false, reply(at)));
        }
        return Err(CommentError::IdTaken);
    }
    let at = now();
    sqlx::query(
        "INSERT INTO comment_replies (id, comment_id, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(comment)
    .bind(author.to_string())
    .bind(body)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut *tx,
        crate::audit::Entry::new(crate::audit::Event::CommentReplied)
            .actor(author)
            .subject(comment)
            .details(serde_json::json!({ "reply": id })),
    )
    .await?;
    tx.commit().await?;
    Ok((true, reply(at)))
}

pub async fn set_resolved(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    resolved: bool,
) -> Result<(), sqlx::Error> {
    let at = now();
    sqlx::query("UPDATE comments SET resolved_at = $1, updated_at = $2 WHERE id = $3")
        .bind(resolved.then_some(at))
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// New body and suggestion; a decided suggestion is left as it was.
pub async fn edit(
    tx: &mut Transaction<'_, Any>,
    stored: &Stored,
    body: &str,
    suggestion: Option<&str>,
) -> Result<(), sqlx::Error> {
    let decided = matches!(
        stored.suggestion_status,
        Some(SuggestionStatus::Taken | SuggestionStatus::Declined)
    );
    let (suggestion, status) = if decided {
        (
            stored.suggestion.as_deref(),
            stored.suggestion_status.map(SuggestionStatus::as_str),
        )
    } else {
        (
            suggestion,
            suggestion.map(|_| SuggestionStatus::Open.as_str()),
        )
    };
    sqlx::query(
        "UPDATE comments SET body = $1, suggestion = $2, suggestion_status = $3, updated_at = $4 \
         WHERE id = $5",
    )
    .bind(body)
    .bind(suggestion)
    .bind(status)
    .bind(now())
    .bind(&stored.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn delete(tx: &mut Transaction<'_, Any>, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM comment_replies WHERE comment_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records the candidate's decision on the suggestion. A taken one is
/// marked resolved, and its anchor moves to the suggested text where it
/// now stands (the quote it was about has become that text); when the
/// suggestion cannot be found the anchor stays as it was.
pub async fn decide_suggestion(
    tx: &mut Transaction<'_, Any>,
    stored: &Stored,
    taken: bool,
) -> Result<(), sqlx::Error> {
    let at = now();
    let status = if taken {
        SuggestionStatus::Taken
    } else {
        SuggestionStatus::Declined
    };
    sqlx::query(
        "UPDATE comments SET suggestion_status = $1, suggestion_decided_at = $2, \
         updated_at = $2, resolved_at = CASE WHEN $3 = 1 THEN $2 ELSE resolved_at END \
         WHERE id = $4",
    )
    .bind(status.as_str())
    .bind(at)
    .bind(i64::from(taken))
    .bind(&stored.id)
    .execute(&mut **tx)
    .await?;
    if !taken {
        return Ok(());
    }
    let Some(suggestion) = stored.suggestion.as_deref().filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    let (text, version) = answer_in(tx, &stored.portfolio_id, &stored.key).await?;
    let now_placed = carry(
        tx,
        &stored.portfolio_id,
        &stored.key,
        &stored.anchor,
        stored.anchor_version,
        &text,
    )
    .await?;
    // Where the quote stood, the suggestion should stand now.
    let start = stored.anchor.start.min(now_placed.anchor.start);
    let guess = Anchor {
        exact: suggestion.to_string(),
        prefix: stored.anchor.prefix.clone(),
        suffix: stored.anchor.suffix.clone(),
        start,
        end: start + suggestion.chars().count(),
    };
    let placed = reanchor(&guess, &text, &text);
    if placed.status == AnchorStatus::Anchored {
        sqlx::query(
            "UPDATE comments SET anchor = $1, anchor_version = $2, status = 'anchored' WHERE id = $3",
        )
        .bind(anchor_json(&placed.anchor)?)
        .bind(to_db(version))
        .bind(&stored.id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Comments not marked done, per portfolio (for the mentor's home page).
pub async fn open_count(db: &Db, portfolio: &str) -> Result<u32, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM comments WHERE portfolio_id = $1 AND resolved_at IS NULL",
    )
    .bind(portfolio)
    .fetch_one(&db.pool)
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
