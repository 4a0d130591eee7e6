//! Comments on answers (issue 13): `/api/portfolios/{id}/comments` (list,
//! place) and `/api/comments/{id}` (reply, resolve, edit, remove, decide on
//! a suggestion). Body types are `shared::api::comments`; the anchoring is
//! `shared::comments`, the storage `comments::store`.
//!
//! Visibility: a comment exists only for those who may read its
//! portfolio's comments (the owner and linked mentors); for everyone else,
//! also admins and assessors, it is 404.

use crate::audit::{self, Entry, Event};
use crate::auth::{ClientIp, Session};
use crate::comments::store::{self, CommentError, Stored};
use crate::error::{ApiError, ApiJson};
use crate::policy::{self, Action, Actor, Resource};
use crate::portfolios::{self, store::Portfolio};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use shared::api::comments::{
    check_body, check_suggestion, Comment, CommentList, EditComment, NewComment, NewReply, Reply,
    ResolveRequest, SuggestionDecision, SuggestionStatus,
};
use shared::framework::{framework, InputKind};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portfolios/{id}/comments", get(list).post(create))
        .route("/comments/{id}", axum::routing::patch(edit).delete(remove))
        .route("/comments/{id}/replies", post(reply))
        .route("/comments/{id}/resolve", post(resolve))
        .route("/comments/{id}/suggestion", post(suggestion))
}

fn invalid(message: &'static str) -> ApiError {
    ApiError::unprocessable(message)
}

/// A client-made id: a UUID as browsers write it.
fn client_id(id: Option<&str>) -> Result<Option<Uuid>, ApiError> {
    match id {
        None => Ok(None),
        Some(id) => match Uuid::parse_str(id) {
            Ok(uuid) if uuid.hyphenated().to_string() == id => Ok(Some(uuid)),
            _ => Err(invalid(
                "Ongeldig id: gebruik een UUID in kleine letters met streepjes.",
            )),
        },
    }
}

fn stored_error(err: CommentError) -> ApiError {
    match err {
        CommentError::Anchor(e) => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.message())
        }
        CommentError::IdTaken => ApiError::new(
            StatusCode::CONFLICT,
            "id_taken",
            "Dit id hoort al bij een andere opmerking of reactie.",
        ),
        CommentError::Db(e) => e.into(),
    }
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<CommentList>, ApiError> {
    let portfolio = portfolios::visible(&state.db, &session.actor, &id).await?;
    policy::require(
        &session.actor,
        Action::ReadComments,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    Ok(Json(CommentList {
        comments: store::list(&state.db, &portfolio.id).await?,
    }))
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<Comment>), ApiError> {
    let actor = &session.actor;
    let portfolio = portfolios::visible(&state.db, actor, &id).await?;
    policy::require(
        actor,
        Action::CommentOnPortfolio,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    let is_text = framework(portfolio.kind)
        .question(&req.key)
        .is_some_and(|q| q.input == InputKind::Text);
    if !is_text {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_key",
            "Opmerkingen horen bij een tekstantwoord van dit portfolio; deze vraag bestaat niet.",
        ));
    }
    check_body(&req.body).map_err(invalid)?;
    if let Some(s) = &req.suggestion {
        check_suggestion(s).map_err(invalid)?;
    }
    let (new, comment_id) = store::create(
        &state.db,
        &portfolio.id,
        actor.id,
        store::NewComment {
            id: client_id(req.id.as_deref())?,
            key: &req.key,
            anchor: &req.anchor,
            body: &req.body,
            suggestion: req.suggestion.as_deref(),
        },
    )
    .await
    .map_err(stored_error)?;
    let comment = store::get(&state.db, &comment_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(comment)))
}

/// The comment and its portfolio, if the actor may read its comments;
/// otherwise 404.
async fn visible(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<(Stored, Portfolio), ApiError> {
    let stored = store::find(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let portfolio = portfolios::store::find(&state.db, &stored.portfolio_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !portfolios::may(actor, Action::ReadComments, &portfolio) {
        return Err(ApiError::not_found());
    }
    Ok((stored, portfolio))
}

async fn answer(state: &AppState, id: &str) -> Result<Json<Comment>, ApiError> {
    store::get(&state.db, id)
        .await?
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

async fn reply(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<NewReply>,
) -> Result<(StatusCode, Json<Reply>), ApiError> {
    let actor = &session.actor;
    let (stored, portfolio) = visible(&state, actor, &id).await?;
    policy::require(
        actor,
        Action::ReplyToComment,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    check_body(&req.body).map_err(invalid)?;
    let (new, reply) = store::add_reply(
        &state.db,
        &stored.id,
        actor.id,
        client_id(req.id.as_deref())?,
        &req.body,
    )
    .await
    .map_err(stored_error)?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(reply)))
}

async fn resolve(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ResolveRequest>,
) -> Result<Json<Comment>, ApiError> {
    let actor = &session.actor;
    let (stored, portfolio) = visible(&state, actor, &id).await?;
    policy::require(
        actor,
        Action::HandleComment,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    if stored.resolved != req.resolved {
        let mut tx = state.db.pool.begin().await?;
        store::set_resolved(&mut tx, &stored.id, req.resolved).await?;
        audit::record(
            &mut *tx,
            Entry::new(if req.resolved {
                Event::CommentResolved
            } else {
                Event::CommentReopened
            })
            .actor(actor.id)
            .subject(&stored.id)
            .ip(ip),
        )
        .await?;
        tx.commit().await?;
    }
    answer(&state, &stored.id).await
}

/// The comment and its portfolio if the actor wrote it and is still linked.
async fn own(state: &AppState, actor: &Actor, id: &str) -> Result<Stored, ApiError> {
    let (stored, portfolio) = visible(state, actor, id).await?;
    let relations = portfolio.relations();
    policy::require(
        actor,
        Action::EditComment,
        &Resource::Comment {
            portfolio: &relations,
            author: stored.author_id().unwrap_or_default(),
        },
    )?;
    Ok(stored)
}

async fn edit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<EditComment>,
) -> Result<Json<Comment>, ApiError> {
    let stored = own(&state, &session.actor, &id).await?;
    check_body(&req.body).map_err(invalid)?;
    if let Some(s) = &req.suggestion {
        check_suggestion(s).map_err(invalid)?;
    }
    let mut tx = state.db.pool.begin().await?;
    store::edit(&mut tx, &stored, &req.body, req.suggestion.as_deref()).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::CommentEdited)
            .actor(session.actor.id)
            .subject(&stored.id)
            .ip(ip),
    )
    .await?;
    tx.commit().await?;
    answer(&state, &stored.id).await
}

async fn remove(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let stored = own(&state, &session.actor, &id).await?;
    let mut tx = state.db.pool.begin().await?;
    store::delete(&mut tx, &stored.id).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::CommentRemoved)
            .actor(session.actor.id)
            .subject(&stored.id)
            .ip(ip)
            .details(json!({ "portfolio": stored.portfolio_id, "key": stored.key })),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records "Overnemen" or "Afwijzen". Taking a suggestion edits the answer
/// through the normal sync first (the editor applies
/// `shared::comments::apply_suggestion` and pushes), so it merges with
/// whatever else changed; this records the decision in the thread and the
/// audit log. The same decision again is answered as it stands.
async fn suggestion(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SuggestionDecision>,
) -> Result<Json<Comment>, ApiError> {
    let actor = &session.actor;
    let (stored, portfolio) = visible(&state, actor, &id).await?;
    policy::require(
        actor,
        Action::HandleComment,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    let wanted = if req.taken {
        SuggestionStatus::Taken
    } else {
        SuggestionStatus::Declined
    };
    match stored.suggestion_status {
        None => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "no_suggestion",
                "Bij deze opmerking hoort geen voorstel.",
            ))
        }
        Some(SuggestionStatus::Open) => {}
        Some(s) if s == wanted => return answer(&state, &stored.id).await,
        Some(_) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "suggestion_decided",
                "Over dit voorstel is al beslist.",
            ))
        }
    }
    let mut tx = state.db.pool.begin().await?;
    store::decide_suggestion(&mut tx, &stored, req.taken).await?;
    audit::record(
        &mut *tx,
        Entry::new(if req.taken {
            Event::SuggestionTaken
        } else {
            Event::SuggestionDeclined
        })
        .actor(actor.id)
        .subject(&stored.id)
        .ip(ip)
        .details(json!({ "mentor": stored.author.id, "key": stored.key })),
    )
    .await?;
    tx.commit().await?;
    answer(&state, &stored.id).await
}
