//! The `portfolios` table: which portfolios exist, whose they are, and of
//! which kind and framework version.

use crate::auth::accounts;
use crate::db::{now, Db};
use crate::error::ApiError;
use crate::mentors;
use crate::policy::PortfolioRelations;
use shared::framework::{framework, PortfolioKind};
use shared::portfolio::{PortfolioStatus, PortfolioSummary};
use shared::sync::PortfolioId;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub struct Portfolio {
    pub id: String,
    pub owner: Uuid,
    pub kind: PortfolioKind,
    pub framework_version: String,
    pub status: PortfolioStatus,
    pub created_at: i64,
    /// The mentors the owner linked (`mentor_links`), loaded with the row.
    pub mentors: Vec<Uuid>,
}

impl Portfolio {
    /// Assessors are not assigned to portfolios yet; when they are, their
    /// ids are loaded here and the policy takes it from there.
    pub fn relations(&self) -> PortfolioRelations {
        PortfolioRelations {
            owner: self.owner,
            mentors: self.mentors.clone(),
            assessors: Vec::new(),
        }
    }

    pub fn summary(&self) -> PortfolioSummary {
        PortfolioSummary {
            id: PortfolioId(self.id.clone()),
            owner_id: self.owner.to_string(),
            kind: self.kind,
            framework_version: self.framework_version.clone(),
            created_at: self.created_at,
            status: self.status,
        }
    }
}

pub fn kind_str(kind: PortfolioKind) -> &'static str {
    match kind {
        PortfolioKind::Initial => "initial",
        PortfolioKind::Recertification => "recertification",
    }
}

fn parse_kind(s: &str) -> Option<PortfolioKind> {
    match s {
        "initial" => Some(PortfolioKind::Initial),
        "recertification" => Some(PortfolioKind::Recertification),
        _ => None,
    }
}

fn status_str(status: PortfolioStatus) -> &'static str {
    match status {
        PortfolioStatus::Draft => "draft",
    }
}

fn parse_status(s: &str) -> Option<PortfolioStatus> {
    match s {
        "draft" => Some(PortfolioStatus::Draft),
        _ => None,
    }
}

/// A portfolio's columns, from `portfolios p` (named, so a query may join).
const COLUMNS: &str = "p.id, p.owner_id, p.kind, p.framework_version, p.status, p.created_at";

fn from_row(row: &AnyRow) -> Result<Portfolio, sqlx::Error> {
    let bad = |what: &str| sqlx::Error::Decode(format!("portfolios.{what}").into());
    let owner: String = row.try_get("owner_id")?;
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    Ok(Portfolio {
        id: row.try_get("id")?,
        owner: Uuid::parse_str(&owner).map_err(|_| bad("owner_id"))?,
        kind: parse_kind(&kind).ok_or_else(|| bad("kind"))?,
        framework_version: row.try_get("framework_version")?,
        status: parse_status(&status).ok_or_else(|| bad("status"))?,
        created_at: row.try_get("created_at")?,
        mentors: Vec::new(),
    })
}

/// Fills in each portfolio's mentors, one query per distinct owner.
async fn with_mentors(db: &Db, mut list: Vec<Portfolio>) -> Result<Vec<Portfolio>, sqlx::Error> {
    let mut loaded: std::collections::HashMap<Uuid, Vec<Uuid>> = Default::default();
    for p in &mut list {
        if let std::collections::hash_map::Entry::Vacant(e) = loaded.entry(p.owner) {
            e.insert(mentors::mentors_of_candidate(db, p.owner).await?);
        }
        p.mentors = loaded.get(&p.owner).cloned().unwrap_or_default();
    }
    Ok(list)
}

pub async fn find(db: &Db, id: &str) -> Result<Option<Portfolio>, sqlx::Error> {
    // One round trip for the portfolio and its owner's mentors (a row per
    // link): every push and portfolio request checks access with it.
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, m.mentor_id FROM portfolios p \
         LEFT JOIN mentor_links m ON m.candidate_id = p.owner_id \
         WHERE p.id = $1 ORDER BY m.mentor_id"
    ))
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut portfolio = from_row(first)?;
    for row in &rows {
        if let Some(mentor) = row.try_get::<Option<String>, _>("mentor_id")? {
            portfolio.mentors.push(mentors::parse_mentor_id(&mentor)?);
        }
    }
    Ok(Some(portfolio))
}

pub async fn all(db: &Db) -> Result<Vec<Portfolio>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM portfolios p ORDER BY created_at, id"
    ))
    .fetch_all(&db.pool)
    .await?;
    // One query for every link rather than one per owner: this lists the
    // whole register.
    let links = mentors::mentors_of_candidates(db).await?;
    rows.iter()
        .map(|row| {
            let mut p = from_row(row)?;
            p.mentors = links.get(&p.owner).cloned().unwrap_or_default();
            Ok(p)
        })
        .collect()
}

/// The portfolios the person has a relation to: those they own, and those
/// of the candidates who linked them as mentor.
pub async fn related_to(db: &Db, person: Uuid) -> Result<Vec<Portfolio>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM portfolios p WHERE owner_id = $1 OR owner_id IN \
         (SELECT candidate_id FROM mentor_links WHERE mentor_id = $1) ORDER BY created_at, id"
    ))
    .bind(person.to_string())
    .fetch_all(&db.pool)
    .await?;
    let list = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    with_mentors(db, list).await
}

/// The portfolios a candidate owns (for a mentor's list of candidates).
pub async fn owned_by(db: &Db, owner: Uuid) -> Result<Vec<Portfolio>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM portfolios p WHERE owner_id = $1 ORDER BY created_at, id"
    ))
    .bind(owner.to_string())
    .fetch_all(&db.pool)
    .await?;
    let list = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    with_mentors(db, list).await
}

pub enum Created {
    New(Portfolio),
    /// The same create again (same id, owner and kind): a retry.
    Existing(Portfolio),
}

/// Why a portfolio was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("no such owner")]
    OwnerNotFound,
    /// The client's id belongs to a different portfolio.
    #[error("portfolio id taken")]
    IdTaken,
    /// The owner has an open portfolio of this kind already.
    #[error("open portfolio of this kind exists")]
    Exists(PortfolioKind),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<CreateError> for ApiError {
    fn from(err: CreateError) -> Self {
        match err {
            CreateError::OwnerNotFound => ApiError::not_found(),
            CreateError::IdTaken => ApiError::conflict(
                "id_taken",
                "Dit portfolio-id is al in gebruik. Maak een nieuw id aan.",
            ),
            CreateError::Exists(kind) => ApiError::conflict(
                "portfolio_exists",
                match kind {
                    PortfolioKind::Initial => {
                        "Je hebt al een open portfolio voor de eerste certificering."
                    }
                    PortfolioKind::Recertification => {
                        "Je hebt al een open portfolio voor de hercertificering."
                    }
                },
            ),
            CreateError::Db(err) => err.into(),
        }
    }
}

/// Creates a draft portfolio of `kind` for `owner`, with the client's id if
/// it sent one. Refused when the owner already has an open one of that
/// kind, or the id belongs to a different portfolio.
pub async fn create(
    db: &Db,
    owner: Uuid,
    kind: PortfolioKind,
    id: Option<String>,
) -> Result<Created, CreateError> {
    let mut tx = db.pool.begin().await?;
    // The owner's row lock serialises one person's creates, so two devices
    // creating at once cannot both pass the one-per-kind check. It is the
    // first statement, which also makes SQLite take its write lock before
    // reading (no upgrade from a stale read snapshot).
    if !accounts::lock(&mut tx, owner).await? {
        return Err(CreateError::OwnerNotFound);
    }
    if let Some(id) = &id {
        if let Some(existing) = find_in(&mut tx, "id = $1", id).await? {
            if existing.owner == owner && existing.kind == kind {
                return Ok(Created::Existing(existing));
            }
            return Err(CreateError::IdTaken);
        }
    }
    let open: Option<String> = sqlx::query_scalar(
        "SELECT id FROM portfolios WHERE owner_id = $1 AND kind = $2 AND status = 'draft'",
    )
    .bind(owner.to_string())
    .bind(kind_str(kind))
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_some() {
        return Err(CreateError::Exists(kind));
    }
    let portfolio = Portfolio {
        id: id.unwrap_or_else(|| Uuid::new_v4().to_string()),
        owner,
        kind,
        framework_version: framework(kind).version.to_string(),
        status: PortfolioStatus::Draft,
        created_at: now(),
        // Not needed for the answer (a summary); loaded by every read.
        mentors: Vec::new(),
    };
    sqlx::query(
        "INSERT INTO portfolios (id, owner_id, kind, framework_version, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&portfolio.id)
    .bind(owner.to_string())
    .bind(kind_str(kind))
    .bind(&portfolio.framework_version)
    .bind(status_str(portfolio.status))
    .bind(portfolio.created_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Created::New(portfolio))
}

async fn find_in(
    tx: &mut Transaction<'_, Any>,
    condition: &str,
    value: &str,
) -> Result<Option<Portfolio>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM portfolios p WHERE {condition}"
    ))
    .bind(value)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(from_row).transpose()
}
