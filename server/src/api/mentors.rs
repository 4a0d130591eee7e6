//! Mentors (issue 13): `/api/me/mentors` (a candidate invites a mentor,
//! lists them, ends their access), `/api/me/candidates` (a mentor's
//! candidates with their portfolios' progress), and the admin's view
//! (`/api/admin/mentor-links`, `/api/admin/accounts/{id}/mentors`). Body
//! types are `shared::api::mentors`; the storage is `mentors::store`.

use crate::audit::{self, Entry, Event};
use crate::auth::{accounts, invitations, ClientIp, Session};
use crate::comments;
use crate::error::{ApiError, ApiJson};
use crate::mail::{self, LinkMail};
use crate::mentors::store;
use crate::policy::{self, Action, Resource, Role};
use crate::portfolios::{store as portfolio_store, sync_store};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, put};
use axum::{Json, Router};
use serde_json::json;
use shared::api::mentors::{
    text_progress, CandidateList, CandidatePortfolio, Delivery, InviteMentorRequest,
    InviteMentorResponse, LinkedMentor, MentorCandidate, MentorLinkList, MentorList, PendingMentor,
    SetMentorsRequest,
};
use shared::sync::{FieldValue, Target};
use uuid::Uuid;

/// Open invitations a candidate may have at once: each mails a link to an
/// address the candidate typed, so their number is bounded.
pub const MAX_OPEN_INVITATIONS: usize = 10;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/mentors", get(list).post(invite))
        .route("/me/mentors/{id}", delete(remove))
        .route("/me/candidates", get(candidates))
        .route("/admin/mentor-links", get(all_links))
        .route("/admin/accounts/{id}/mentors", put(set_mentors))
}

fn conflict(code: &'static str, message: &'static str) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, message)
}

async fn invite(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<InviteMentorRequest>,
) -> Result<(StatusCode, Json<InviteMentorResponse>), ApiError> {
    let actor = &session.actor;
    policy::require(
        actor,
        Action::ManageOwnMentors,
        &Resource::Account(actor.id),
    )?;
    // The mail names the candidate: only someone whose own address is
    // confirmed may have one sent to an address they type.
    if session.verified_email().is_none() {
        return Err(conflict(
            "email_unverified",
            "Bevestig eerst je eigen e-mailadres (via de link die we je stuurden); daarna kun je \
             een mentor uitnodigen.",
        ));
    }
    let email = accounts::valid_email(&req.email)?;
    let owner = accounts::verified_owner(&state.db, &email).await?;
    if owner == Some(actor.id) || email == actor.email {
        return Err(ApiError::unprocessable(
            "Je kunt jezelf niet als mentor uitnodigen.",
        ));
    }
    if let Some(mentor) = owner {
        return link_existing(&state, &session, ip, mentor).await;
    }
    if store::pending_invitations(&state.db, actor.id).await?.len() >= MAX_OPEN_INVITATIONS {
        return Err(conflict(
            "too_many_invitations",
            "Je hebt al 10 openstaande uitnodigingen. Trek er eerst een in.",
        ));
    }
    let mut tx = state.db.pool.begin().await?;
    let created = invitations::create(&mut tx, Role::Mentor, Some(&email), actor.id).await?;
    store::record_invitation(&mut tx, created.id, actor.id, &email).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::MentorInvited)
            .actor(actor.id)
            .subject(&created.id.to_string())
            .ip(ip)
            .details(json!({ "email": email })),
    )
    .await?;
    tx.commit().await?;
    let link = invitations::invitation_link(&state.public_origin, &created.token);
    let intro = format!(
        "{} vraagt je mentor te zijn bij het portfolio voor Register Jobcoach: je kunt het \
         portfolio lezen en opmerkingen plaatsen. Maak je account aan met een passkey via deze \
         link (7 dagen geldig):",
        actor.name
    );
    let delivery = state
        .mailer
        .send_link(LinkMail {
            to: Some(&email),
            subject: "Uitnodiging als mentor, Register Jobcoach",
            intro: &intro,
            link: &link,
            kind: "mentoruitnodiging",
        })
        .await;
    let delivery = match delivery {
        mail::Delivery::Email => Delivery::Email,
        mail::Delivery::Manual => Delivery::Manual,
    };
    Ok((
        StatusCode::CREATED,
        Json(InviteMentorResponse::Invited {
            invitation: PendingMentor {
                id: created.id.to_string(),
                email,
                expires_at: created.expires_at,
            },
            delivery,
            link: (delivery == Delivery::Manual).then_some(link),
        }),
    ))
}

/// An address whose account is verified: linked at once if it is a
/// mentor's (and told by mail), refused otherwise, since only admins give
/// roles.
async fn link_existing(
    state: &AppState,
    session: &Session,
    ip: Option<std::net::IpAddr>,
    mentor: Uuid,
) -> Result<(StatusCode, Json<InviteMentorResponse>), ApiError> {
    let actor = &session.actor;
    let account = accounts::find(&state.db, mentor)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !account.roles.contains(&Role::Mentor) {
        return Err(conflict(
            "not_a_mentor",
            "Dit e-mailadres hoort bij een account zonder mentorrol. Vraag de beheerder om die \
             rol toe te kennen, of nodig een ander adres uit.",
        ));
    }
    let mut tx = state.db.pool.begin().await?;
    let new = store::link(&mut tx, actor.id, mentor).await?;
    if new {
        audit::record(
            &mut *tx,
            Entry::new(Event::MentorLinked)
                .actor(actor.id)
                .subject(&actor.id.to_string())
                .ip(ip)
                .details(json!({ "mentor": mentor, "via": "existing_account" })),
        )
        .await?;
    }
    tx.commit().await?;
    if new {
        let body = format!(
            "{} heeft je als mentor toegang gegeven tot hun portfolio voor Register Jobcoach. Je \
             vindt het onder 'Mijn kandidaten': {}/mentor\n",
            actor.name, state.public_origin
        );
        state
            .mailer
            .send_text(
                &account.email,
                "Nieuwe kandidaat, Register Jobcoach",
                &body,
                "mentorkoppeling",
            )
            .await;
    }
    let since = store::linked_mentors(&state.db, actor.id)
        .await?
        .into_iter()
        .find(|m| m.id == mentor.to_string())
        .map_or(0, |m| m.since);
    Ok((
        if new {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(InviteMentorResponse::Linked {
            mentor: LinkedMentor {
                id: mentor.to_string(),
                name: account.name,
                email: account.email,
                since,
            },
        }),
    ))
}

async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<MentorList>, ApiError> {
    let actor = &session.actor;
    policy::require(
        actor,
        Action::ManageOwnMentors,
        &Resource::Account(actor.id),
    )?;
    Ok(Json(MentorList {
        mentors: store::linked_mentors(&state.db, actor.id).await?,
        invitations: store::pending_invitations(&state.db, actor.id).await?,
    }))
}

/// "Toegang intrekken": ends a mentor's access at once, or withdraws an
/// open invitation. 404 for anything that is not one of the person's own.
async fn remove(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = &session.actor;
    let Ok(id) = Uuid::parse_str(&id) else {
        return Err(ApiError::not_found());
    };
    if !policy::can(
        actor,
        Action::ManageOwnMentors,
        &Resource::Account(actor.id),
    ) {
        return Err(ApiError::not_found());
    }
    let mut tx = state.db.pool.begin().await?;
    let event = if store::unlink(&mut tx, actor.id, id).await? {
        Event::MentorUnlinked
    } else if store::revoke_invitation(&mut tx, actor.id, id).await? {
        Event::MentorInvitationRevoked
    } else {
        return Err(ApiError::not_found());
    };
    audit::record(
        &mut *tx,
        Entry::new(event)
            .actor(actor.id)
            .subject(&actor.id.to_string())
            .ip(ip)
            .details(json!({ "mentor_or_invitation": id })),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn candidates(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<CandidateList>, ApiError> {
    let actor = &session.actor;
    policy::require(
        actor,
        Action::ListOwnCandidates,
        &Resource::Account(actor.id),
    )?;
    let mut out = CandidateList::default();
    for (candidate, name, since) in store::candidates_of_mentor(&state.db, actor.id).await? {
        let mut portfolios = Vec::new();
        for p in portfolio_store::owned_by(&state.db, candidate).await? {
            let fields = sync_store::fields(&state.db, &p.id).await?;
            let answers = fields.iter().filter_map(|(t, s)| match (t, &s.value) {
                (Target::Answer { key }, FieldValue::Text(text)) => {
                    Some((key.as_str(), text.as_str()))
                }
                _ => None,
            });
            portfolios.push(CandidatePortfolio {
                progress: text_progress(p.kind, answers),
                last_change: comments::store::last_change(&state.db, &p.id).await?,
                open_comments: comments::store::open_count(&state.db, &p.id).await?,
                portfolio: p.summary(),
            });
        }
        out.candidates.push(MentorCandidate {
            id: candidate.to_string(),
            name,
            since,
            portfolios,
        });
    }
    Ok(Json(out))
}

async fn all_links(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<MentorLinkList>, ApiError> {
    policy::require(&session.actor, Action::ManageMentorLinks, &Resource::System)?;
    Ok(Json(MentorLinkList {
        links: store::all_links(&state.db).await?,
    }))
}

/// Sets a candidate's mentors to exactly `mentor_ids` (each holding the
/// mentor role); every link added or ended is in the audit log.
async fn set_mentors(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SetMentorsRequest>,
) -> Result<Json<MentorLinkList>, ApiError> {
    policy::require(&session.actor, Action::ManageMentorLinks, &Resource::System)?;
    let candidate = Uuid::parse_str(&id).map_err(|_| ApiError::not_found())?;
    let account = accounts::find(&state.db, candidate)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !account.roles.contains(&Role::Candidate) {
        return Err(ApiError::unprocessable(
            "Alleen een kandidaat heeft mentoren.",
        ));
    }
    let mut wanted = Vec::new();
    for mentor in &req.mentor_ids {
        let mentor = Uuid::parse_str(mentor).map_err(|_| not_a_mentor_id())?;
        let roles = accounts::roles(&state.db, mentor).await?;
        if !roles.contains(&Role::Mentor) || mentor == candidate {
            return Err(not_a_mentor_id());
        }
        if !wanted.contains(&mentor) {
            wanted.push(mentor);
        }
    }
    let subject = candidate.to_string();
    let current = store::mentors_of_candidate(&state.db, candidate).await?;
    let mut tx = state.db.pool.begin().await?;
    for mentor in &current {
        if !wanted.contains(mentor) && store::unlink(&mut tx, candidate, *mentor).await? {
            audit::record(
                &mut *tx,
                Entry::new(Event::MentorUnlinked)
                    .actor(session.actor.id)
                    .subject(&subject)
                    .ip(ip)
                    .details(json!({ "mentor": mentor, "by": "admin" })),
            )
            .await?;
        }
    }
    for mentor in &wanted {
        if store::link(&mut tx, candidate, *mentor).await? {
            audit::record(
                &mut *tx,
                Entry::new(Event::MentorLinked)
                    .actor(session.actor.id)
                    .subject(&subject)
                    .ip(ip)
                    .details(json!({ "mentor": mentor, "via": "admin" })),
            )
            .await?;
        }
    }
    tx.commit().await?;
    let links = store::all_links(&state.db)
        .await?
        .into_iter()
        .filter(|l| l.candidate_id == candidate.to_string())
        .collect();
    Ok(Json(MentorLinkList { links }))
}

fn not_a_mentor_id() -> ApiError {
    ApiError::unprocessable("Elke mentor moet een bestaand account met de mentorrol zijn.")
}
