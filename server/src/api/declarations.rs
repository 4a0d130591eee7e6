//! "Laten ondertekenen": signing requests for a portfolio's declarations.
//! The candidate asks (`POST …/declarations/{slot}/requests`), the signer
//! answers through the link without an account (`/declarations/{token}…`,
//! rate limited), the portfolio's viewers read the statuses. Types in
//! `shared::api::declarations`; formats and statuses in
//! `shared::declarations`; rows in `crate::declarations`.

use crate::audit::{self, Entry, Event};
use crate::auth::limit_extractors::SigningLimit;
use crate::auth::{accounts, ClientIp, Session};
use crate::db::now;
use crate::declarations::{self as store, Answer, NewRequest, TokenState};
use crate::error::{ApiError, ApiJson};
use crate::mail::{Delivery, LinkMail};
use crate::policy::{self, Action, Resource};
use crate::portfolios;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use shared::api::declarations::{
    parse_slot_path, CreateSigningRequest, CreatedSigningRequest, DeclarationList,
    DeclineDeclaration, LinkDelivery, PublicDeclaration, SignDeclaration, Signer, SigningDone,
    SlotDeclaration, MAX_NAME_CHARS, MAX_REASON_CHARS,
};
use shared::declarations::{
    allowed_formats, canonical_text, fields_from_json, sha256_hex, status_of, validate,
};
use shared::evidence::Slot;
use shared::framework::framework;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portfolios/{id}/declarations", get(list))
        .route(
            "/portfolios/{id}/declarations/{slot}/requests",
            post(create_request),
        )
        .route("/declarations/{token}", get(show))
        .route("/declarations/{token}/sign", post(sign))
        .route("/declarations/{token}/decline", post(decline))
}

/// The page a signing link opens; the token is in the fragment, so it never
/// reaches a server log through the page request.
pub fn signing_link(public_origin: &str, token: &str) -> String {
    format!("{public_origin}/ondertekenen#token={token}")
}

fn slot_of(segment: &str, portfolio: &portfolios::store::Portfolio) -> Result<Slot, ApiError> {
    let slot = parse_slot_path(segment).ok_or_else(ApiError::not_found)?;
    // The slot names a question or list of this portfolio's framework.
    if framework(portfolio.kind).question(&slot.key).is_none() {
        return Err(ApiError::not_found());
    }
    Ok(slot)
}

fn text_field(field: &str, label: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::field_as_written(
            field,
            format!("Vul {label} in."),
        ));
    }
    if value.chars().count() > max {
        return Err(ApiError::field_as_written(
            field,
            format!("{label} is te lang (maximaal {max} tekens)."),
        ));
    }
    Ok(value.to_owned())
}

async fn create_request(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path((id, slot)): Path<(String, String)>,
    ApiJson(req): ApiJson<CreateSigningRequest>,
) -> Result<(StatusCode, Json<CreatedSigningRequest>), ApiError> {
    let now = now();
    let actor = &session.actor;
    let portfolio = portfolios::visible(&state.db, actor, &id).await?;
    policy::require(
        actor,
        Action::RequestSignature,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    let slot = slot_of(&slot, &portfolio)?;
    if !allowed_formats(&slot).contains(&req.format) {
        return Err(ApiError::field_as_written(
            "format",
            "Deze verklaring hoort niet bij dit onderdeel van het portfolio.",
        ));
    }
    if let Some(first) = validate(req.format, &req.fields).first() {
        return Err(ApiError::field_as_written(
            &format!("fields.{}", first.field),
            first.message.clone(),
        ));
    }
    let signer = Signer {
        name: text_field(
            "signer.name",
            "de naam van de ondertekenaar",
            &req.signer.name,
            MAX_NAME_CHARS,
        )?,
        role: text_field(
            "signer.role",
            "de rol van de ondertekenaar",
            &req.signer.role,
            MAX_NAME_CHARS,
        )?,
        email: accounts::valid_email(&req.signer.email)
            .map_err(|e| ApiError::field_as_written("signer.email", e.message()))?,
    };
    let text = canonical_text(req.format, &actor.name, &req.fields);
    let text_sha256 = sha256_hex(&text);
    let mut tx = state.db.pool.begin().await?;
    let (stored, token) = store::create(
        &mut tx,
        NewRequest {
            portfolio_id: &portfolio.id,
            slot: &slot,
            format: req.format,
            candidate_name: &actor.name,
            fields: &req.fields,
            signer: &signer,
            text: &text,
            text_sha256: &text_sha256,
            created_by: actor.id,
            now,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::DeclarationRequested)
            .actor(actor.id)
            .subject(&stored.request.id)
            .ip(ip)
            .details(json!({
                "portfolio_id": portfolio.id,
                "slot": slot,
                "format": req.format,
                "signer_email": signer.email,
                "text_sha256": text_sha256,
            })),
    )
    .await?;
    tx.commit().await?;

    let link = signing_link(&state.public_origin, &token);
    let intro = format!(
        "{} vraagt je een verklaring te ondertekenen voor het portfolio Register Jobcoach: {}. \
         Lees de verklaring en onderteken of weiger via deze link (30 dagen geldig):",
        actor.name,
        req.format.title()
    );
    let delivery = state
        .mailer
        .send_link(LinkMail {
            to: Some(&signer.email),
            subject: "Verzoek om een verklaring te ondertekenen",
            intro: &intro,
            link: &link,
            kind: "ondertekenverzoek",
        })
        .await;
    let (delivery, link) = match delivery {
        Delivery::Email => (LinkDelivery::Email, None),
        Delivery::Manual => (LinkDelivery::Manual, Some(link)),
    };
    Ok((
        StatusCode::CREATED,
        Json(CreatedSigningRequest {
            request: stored.request,
            delivery,
            link,
        }),
    ))
}

/// Every slot with requests, and its status against the server's copy of
/// the fields (the editor decides again against its own, maybe newer,
/// copy with the same shared function).
async fn list(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<DeclarationList>, ApiError> {
    let now = now();
    let portfolio = portfolios::visible(&state.db, &session.actor, &id).await?;
    let requests: Vec<_> = store::list(&state.db, &portfolio.id)
        .await?
        .into_iter()
        .map(|s| s.request)
        .collect();
    let mut slots: Vec<Slot> = requests.iter().map(|r| r.slot.clone()).collect();
    slots.sort();
    slots.dedup();
    let mut declarations = Vec::with_capacity(slots.len());
    for slot in slots {
        let mine: Vec<_> = requests
            .iter()
            .filter(|r| r.slot == slot)
            .cloned()
            .collect();
        let format = mine.last().map(|r| r.format);
        let current = store::slot_json(&state.db, &portfolio.id, &slot).await?;
        let fields = format
            .map(|f| fields_from_json(f, current.as_ref()))
            .unwrap_or_default();
        let status = status_of(&slot, &mine, &fields, now);
        declarations.push(SlotDeclaration {
            slot,
            status_text: status.text(),
            status,
            requests: mine,
        });
    }
    Ok(Json(DeclarationList { declarations }))
}

fn gone(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::GONE, code, message)
}

/// Why a token cannot be used (any state but open).
fn refusal(state: TokenState) -> ApiError {
    match state {
        TokenState::Used => gone(
            "link_used",
            "Deze link is al gebruikt: de verklaring is ondertekend of geweigerd.",
        ),
        TokenState::Replaced => gone(
            "link_replaced",
            "Deze link werkt niet meer: de kandidaat heeft een nieuwere versie van de verklaring \
             verstuurd.",
        ),
        TokenState::Expired => gone(
            "link_expired",
            "Deze link is verlopen (30 dagen geldig). Vraag de kandidaat om een nieuwe.",
        ),
        TokenState::Unknown | TokenState::Open(_) => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Deze ondertekenlink bestaat niet. Controleer of je de hele link hebt gekopieerd.",
        ),
    }
}

async fn show(
    State(state): State<AppState>,
    _limit: SigningLimit,
    Path(token): Path<String>,
) -> Result<Json<PublicDeclaration>, ApiError> {
    match store::by_token(&state.db, &token, now()).await? {
        TokenState::Open(stored) => Ok(Json(PublicDeclaration {
            candidate_name: stored.request.candidate_name,
            title: stored.request.format.title().to_owned(),
            text: stored.text,
            text_sha256: stored.request.text_sha256,
            expires_at: stored.request.expires_at,
        })),
        other => Err(refusal(other)),
    }
}

async fn sign(
    State(state): State<AppState>,
    _limit: SigningLimit,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    ApiJson(req): ApiJson<SignDeclaration>,
) -> Result<Json<SigningDone>, ApiError> {
    let name = text_field("name", "je naam", &req.name, MAX_NAME_CHARS)?;
    respond(&state, ip, &token, Answer::Sign { name: &name }).await
}

async fn decline(
    State(state): State<AppState>,
    _limit: SigningLimit,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    ApiJson(req): ApiJson<DeclineDeclaration>,
) -> Result<Json<SigningDone>, ApiError> {
    let reason = text_field("reason", "een reden", &req.reason, MAX_REASON_CHARS)?;
    respond(&state, ip, &token, Answer::Decline { reason: &reason }).await
}

async fn respond(
    state: &AppState,
    ip: Option<std::net::IpAddr>,
    token: &str,
    answer: Answer<'_>,
) -> Result<Json<SigningDone>, ApiError> {
    let now = now();
    let (event, message) = match answer {
        Answer::Sign { .. } => (
            Event::DeclarationSigned,
            "Dank je wel. De verklaring is ondertekend; de kandidaat ziet dit in het portfolio.",
        ),
        Answer::Decline { .. } => (
            Event::DeclarationDeclined,
            "De verklaring is geweigerd; de kandidaat ziet je reden in het portfolio.",
        ),
    };
    let mut tx = state.db.pool.begin().await?;
    let Some(stored) = store::answer(&mut tx, token, answer, now).await? else {
        drop(tx);
        return Err(refusal(store::by_token(&state.db, token, now).await?));
    };
    audit::record(
        &mut *tx,
        Entry::new(event)
            .subject(&stored.request.id)
            .ip(ip)
            .details(json!({
                "portfolio_id": stored.portfolio_id,
                "slot": stored.request.slot,
                "signer_email": stored.request.signer_email,
                "signed_name": stored.request.signed_name,
                "text_sha256": stored.request.text_sha256,
            })),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(SigningDone {
        message: message.to_owned(),
        text_sha256: stored.request.text_sha256,
        at: now,
    }))
}
