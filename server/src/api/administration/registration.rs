//! Public: registering as external affiliate and searching the register.
//! Signed in: a person's own registration, invoices and certificates, and
//! one invoice as printed.

use super::checked;
use crate::administration::registration::{self, Registering};
use crate::administration::{begin_write, certificates, invoices, notify, people, seller, texts};
use crate::auth::limit_extractors::SignUpLimit;
use crate::auth::{ClientIp, Session};
use crate::error::{ApiError, ApiJson};
use crate::policy::{self, Action, Resource, Role};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::api::administration::{
    OwnAffiliate, OwnMember, OwnRegistration, PrintableInvoice, RegisterSearch, Registered,
    Registration, RegistrationStatus,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/affiliates", post(register_affiliate))
        .route("/register", get(search_register))
        .route("/me/registration", get(own_registration))
        .route("/invoices/{id}", get(invoice))
}

#[tracing::instrument(skip_all)]
async fn register_affiliate(
    State(state): State<AppState>,
    _limit: SignUpLimit,
    ClientIp(ip): ClientIp,
    session: Option<Session>,
    ApiJson(req): ApiJson<Registration>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let input = checked(req.check())?;
    let today = crate::administration::today();
    let (fee, vat) = registration::price(&state.db, today).await?;
    let mut tx = begin_write(&state.db).await?;
    let (affiliate, issued) = registration::register(
        &mut tx,
        Registering {
            input: &input,
            fee,
            vat,
            today,
            ip,
            actor: session.map(|s| s.actor.id),
        },
    )
    .await?;
    tx.commit().await?;
    let number = &affiliate.affiliate_number;
    // Only to the address being registered: the form is public, so
    // `invoice_email` is whatever a stranger typed. It is printed on the
    // invoice and the administration can use it; nothing is mailed there.
    let emailed = notify::send(
        &state.mailer,
        &affiliate.email,
        &texts::registration_subject(number, &issued.number),
        &texts::registration_body(&affiliate.name, number, &issued.number, &issued.totals),
        "aansluiting",
    )
    .await;
    Ok((
        StatusCode::CREATED,
        Json(Registered {
            affiliate_number: number.clone(),
            invoice_number: issued.number,
            amount_excl_vat_cents: issued.totals.excl_vat_cents,
            vat_cents: issued.totals.vat_cents,
            amount_incl_vat_cents: issued.totals.incl_vat_cents,
            emailed,
        }),
    ))
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn search_register(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let q = query.ok().and_then(|Query(q)| q.q).unwrap_or_default();
    if q.chars().count() > 100 {
        return Err(ApiError::field("q", "Zoek op hoogstens 100 tekens."));
    }
    let today = crate::administration::today();
    let entries = certificates::register(&state.db, &q, today).await?;
    Ok((
        [(CACHE_CONTROL, "no-cache")],
        Json(RegisterSearch { entries }),
    ))
}

#[tracing::instrument(skip_all)]
async fn own_registration(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<OwnRegistration>, ApiError> {
    let actor = &session.actor;
    policy::require(
        actor,
        Action::ReadOwnRegistration,
        &Resource::Account(actor.id),
    )?;
    let today = crate::administration::today();
    let (member, affiliate) =
        people::own_records(&state.db, actor.id, session.verified_email()).await?;
    let own_invoices = match &affiliate {
        Some(a) => {
            let filter = invoices::Filter {
                affiliate_id: Some(a.id.clone()),
                ..invoices::Filter::default()
            };
            invoices::list(&state.db, &filter, today).await?
        }
        None => Vec::new(),
    };
    let certificates = certificates::own(
        &state.db,
        session.verified_email(),
        member.as_ref().map(|m| m.id.as_str()),
        affiliate.as_ref().map(|a| a.id.as_str()),
        today,
    )
    .await?;
    let status = match (&member, &affiliate) {
        (Some(_), _) => RegistrationStatus::Member,
        (None, Some(_)) => RegistrationStatus::Affiliate,
        (None, None) => RegistrationStatus::None,
    };
    Ok(Json(OwnRegistration {
        status,
        member: member.map(|m| OwnMember {
            membership_number: m.membership_number,
            name: m.name,
        }),
        affiliate: affiliate.map(|a| OwnAffiliate {
            affiliate_number: a.affiliate_number,
            name: a.name,
        }),
        invoices: own_invoices,
        certificates,
    }))
}

#[tracing::instrument(skip(state, session))]
async fn invoice(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<PrintableInvoice>, ApiError> {
    let owner = invoices::owner(&state.db, &id).await?;
    policy::require(
        &session.actor,
        Action::ReadInvoice,
        &Resource::Invoice { owner },
    )
    .map_err(|e| {
        // Someone else's invoice is as absent as a non-existent one.
        if session.actor.has(Role::Admin) {
            e
        } else {
            ApiError::not_found()
        }
    })?;
    let today = crate::administration::today();
    let invoice = invoices::find(&state.db, &id, today)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(PrintableInvoice {
        invoice,
        seller: seller::seller().clone(),
    }))
}
