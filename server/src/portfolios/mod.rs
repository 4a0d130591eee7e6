//! Portfolios: who owns them ([`store`]), their content as sync targets
//! ([`sync_store`]), and who may see them. Access is always the policy's
//! decision; this module only loads the facts it needs.

// Dossier: the whole portfolio for the export.
pub mod detail;
pub mod store;
// The decisions of a group commit, without I/O.
pub mod sync_plan;
pub mod sync_queue;
pub mod sync_store;

use crate::db::Db;
use crate::error::ApiError;
use crate::policy::{self, Action, Actor, PortfolioRelations, Resource};
use store::Portfolio;
use uuid::Uuid;

/// The portfolio if the actor may see it. Unknown and not visible are the
/// same 404, so ids of other people's portfolios reveal nothing.
pub async fn visible(db: &Db, actor: &Actor, id: &str) -> Result<Portfolio, ApiError> {
    match store::find(db, id).await? {
        Some(p) if may(actor, Action::ViewPortfolio, &p) => Ok(p),
        _ => Err(ApiError::not_found()),
    }
}

/// Every portfolio the actor may see, oldest first.
pub async fn all_visible(db: &Db, actor: &Actor) -> Result<Vec<Portfolio>, sqlx::Error> {
    // Ask the policy whether a portfolio the actor has no relation to is
    // visible (admins); only then is every portfolio a candidate for the
    // filter below. Everyone else is filtered from their own relations, so a
    // candidate's pull does not read the whole register.
    let unrelated = PortfolioRelations {
        owner: Uuid::nil(),
        ..PortfolioRelations::default()
    };
    let candidates = if policy::can(
        actor,
        Action::ViewPortfolio,
        &Resource::Portfolio(&unrelated),
    ) {
        store::all(db).await?
    } else {
        store::related_to(db, actor.id).await?
    };
    Ok(candidates
        .into_iter()
        .filter(|p| may(actor, Action::ViewPortfolio, p))
        .collect())
}

pub fn may(actor: &Actor, action: Action, portfolio: &Portfolio) -> bool {
    policy::can(actor, action, &Resource::Portfolio(&portfolio.relations()))
}
