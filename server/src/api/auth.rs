//! The passkey ceremonies under `/api/auth`: sign-up (candidates), accepting
//! an invitation, the first admin's set-up, sign-in, sign-out, and recovery
//! by code or by link. Each ceremony is a `…/start` that returns WebAuthn
//! options and a challenge id, and a `…/finish` that takes the browser's
//! answer.

use crate::audit::{self, Entry, Event};
use crate::auth::accounts::{self, Account};
use crate::auth::challenge::{self, Purpose};
use crate::auth::invitations;
use crate::auth::limit_extractors::{RecoveryLimit, SignInLimit, SignUpLimit};
use crate::auth::verification::{self, Confirmed};
use crate::auth::{passkeys, recovery, session, ClientIp, Session};
use crate::db::now;
use crate::error::{ApiError, ApiJson};
use crate::policy::Role;
use crate::setup::{self, hash_token};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::cookie::CookieJar;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::api::accounts::{EmailVerified, Me, VerifyEmailRequest};
use shared::api::auth::{
    CeremonyStart, CurrentSession, InvitationCheck, NewAccountRequest, RecoveredByCode,
    RecoveryCodeRequest, RecoveryLinkStart, SetupCheck, SignInStart, SignedIn, SignedOut, SignedUp,
    TokenRequest,
};
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};

type RegistrationFinish = shared::api::auth::RegistrationFinish<RegisterPublicKeyCredential>;
type SignInFinish = shared::api::auth::SignInFinish<PublicKeyCredential>;
type RegistrationStart = CeremonyStart<CreationChallengeResponse>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signup/start", post(sign_up_start))
        .route("/signup/finish", post(sign_up_finish))
        .route("/invitation/check", post(invitation_check))
        .route("/invitation/start", post(invitation_start))
        .route("/invitation/finish", post(invitation_finish))
        .route("/setup/check", post(setup_check))
        .route("/setup/start", post(setup_start))
        .route("/setup/finish", post(setup_finish))
        .route("/login/start", post(sign_in_start))
        .route("/login/finish", post(sign_in_finish))
        .route("/session", get(current_session))
        .route("/logout", post(sign_out))
        .route("/logout-all", post(sign_out_everywhere))
        .route("/recovery/code", post(recovery_code))
        .route("/recovery/link/start", post(recovery_link_start))
        .route("/recovery/link/finish", post(recovery_link_finish))
        .route("/verify-email", post(verify_email))
}

/// What `/api/me` answers, and what a finished sign-in returns as `user`.
pub fn me(account: &Account) -> Me {
    Me {
        id: account.id.to_string(),
        name: account.name.clone(),
        email: account.email.clone(),
        roles: account.roles.clone(),
        email_verified: account.email_verified,
    }
}

pub fn link_invalid() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        "link_invalid",
        "Deze link is ongeldig, verlopen of al gebruikt. Vraag om een nieuwe.",
    )
}

/// Kept server-side with the challenge: who is being registered and, for
/// invitations and set-up, the hash of the token that allows it.
#[derive(Serialize, Deserialize)]
struct NewAccountContext {
    name: String,
    email: String,
    token_hash: Option<String>,
    #[serde(default)]
    privacy_version: Option<String>,
}

/// The start of a passkey registration whose finish creates an account or,
/// by recovery link, gives one a new passkey. `context` is what the finish
/// needs and must not take from the browser, so it stays with the challenge.
/// Returns the challenge id and the options for the browser.
async fn start_registration_ceremony(
    state: &AppState,
    purpose: Purpose,
    user_id: Uuid,
    email: &str,
    name: &str,
    context: &impl Serialize,
) -> Result<(String, CreationChallengeResponse), ApiError> {
    let (options, registration) =
        passkeys::start_registration(state, user_id, email, name, Vec::new())?;
    let context = serde_json::to_value(context).map_err(|_| ApiError::internal())?;
    let challenge_id =
        challenge::store(&state.db, purpose, Some(user_id), &context, &registration).await?;
    Ok((challenge_id, options))
}

/// What a finished registration hands to the step that stores it.
struct Registered<C> {
    user_id: Uuid,
    context: C,
    passkey: Passkey,
    passkey_name: String,
}

/// The challenge is taken (deleted) before anything else is checked, so one
/// start allows one attempt, whatever its outcome.
async fn finish_registration_ceremony<C: DeserializeOwned>(
    state: &AppState,
    purpose: Purpose,
    req: &RegistrationFinish,
) -> Result<Registered<C>, ApiError> {
    let taken =
        challenge::take::<PasskeyRegistration>(&state.db, &req.challenge_id, purpose).await?;
    let user_id = taken.user_id.ok_or_else(ApiError::internal)?;
    let context = serde_json::from_value(taken.context).map_err(|_| ApiError::internal())?;
    let passkey_name = passkeys::valid_name(req.passkey_name.as_deref())?;
    let passkey = passkeys::finish_registration(state, &req.credential, &taken.state)?;
    Ok(Registered {
        user_id,
        context,
        passkey,
        passkey_name,
    })
}

async fn sign_up_start(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<NewAccountRequest>,
) -> Result<Json<RegistrationStart>, ApiError> {
    start_new_account(&state, Purpose::SignUp, req, None).await
}

async fn sign_up_finish(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(req): ApiJson<RegistrationFinish>,
) -> Result<(CookieJar, Json<SignedUp>), ApiError> {
    finish_new_account(&state, jar, ip, Purpose::SignUp, req).await
}

async fn invitation_check(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<InvitationCheck>, ApiError> {
    let pending = invitations::peek(&state.db, &req.token)
        .await?
        .ok_or_else(link_invalid)?;
    // The token holder may see the address it was made for: the form fills
    // it in, as nothing else will be accepted.
    Ok(Json(InvitationCheck {
        role: pending.role,
        email: pending.email,
    }))
}

async fn invitation_start(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<NewAccountRequest>,
) -> Result<Json<RegistrationStart>, ApiError> {
    let token = req.token.clone().unwrap_or_default();
    let pending = invitations::peek(&state.db, &token)
        .await?
        .ok_or_else(link_invalid)?;
    pending.check_email(&accounts::valid_email(&req.email)?)?;
    start_new_account(&state, Purpose::Invitation, req, Some(hash_token(&token))).await
}

async fn invitation_finish(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(req): ApiJson<RegistrationFinish>,
) -> Result<(CookieJar, Json<SignedUp>), ApiError> {
    finish_new_account(&state, jar, ip, Purpose::Invitation, req).await
}

async fn setup_check(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<SetupCheck>, ApiError> {
    if setup::is_set_up(&state.db).await? || !setup::is_valid(&state.db, &req.token).await? {
        return Err(link_invalid());
    }
    Ok(Json(SetupCheck { valid: true }))
}

async fn setup_start(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<NewAccountRequest>,
) -> Result<Json<RegistrationStart>, ApiError> {
    let token = req.token.clone().unwrap_or_default();
    if setup::is_set_up(&state.db).await? || !setup::is_valid(&state.db, &token).await? {
        return Err(link_invalid());
    }
    start_new_account(&state, Purpose::Setup, req, Some(hash_token(&token))).await
}

async fn setup_finish(
    _limit: SignUpLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(req): ApiJson<RegistrationFinish>,
) -> Result<(CookieJar, Json<SignedUp>), ApiError> {
    finish_new_account(&state, jar, ip, Purpose::Setup, req).await
}

async fn start_new_account(
    state: &AppState,
    purpose: Purpose,
    req: NewAccountRequest,
    token_hash: Option<String>,
) -> Result<Json<RegistrationStart>, ApiError> {
    let name = accounts::valid_name(&req.name)?;
    let email = accounts::valid_email(&req.email)?;
    // Sign-up answers a taken address exactly as a fresh one (the owner
    // gets a mail instead), so it cannot be used to find out who has an
    // account. Invitations and set-up are behind a secret link and make an
    // account verified for its address, so they say so at once.
    if purpose != Purpose::SignUp && accounts::email_taken(&state.db, &email).await? {
        return Err(accounts::email_taken_error());
    }
    let privacy_version = crate::dossier::privacy::accepted_at_sign_up(req.privacy_version)?;
    let context = NewAccountContext {
        name,
        email,
        token_hash,
        privacy_version,
    };
    let (challenge_id, options) = start_registration_ceremony(
        state,
        purpose,
        Uuid::new_v4(),
        &context.email,
        &context.name,
        &context,
    )
    .await?;
    Ok(Json(CeremonyStart {
        challenge_id,
        options,
    }))
}

async fn finish_new_account(
    state: &AppState,
    jar: CookieJar,
    ip: Option<std::net::IpAddr>,
    purpose: Purpose,
    req: RegistrationFinish,
) -> Result<(CookieJar, Json<SignedUp>), ApiError> {
    let Registered {
        user_id,
        context,
        passkey,
        passkey_name,
    } = finish_registration_ceremony::<NewAccountContext>(state, purpose, &req).await?;
    let codes = recovery::generate_codes();
    let hashes = recovery::hash_codes(&state.argon2, codes.clone()).await?;

    let mut account = Account {
        id: user_id,
        name: context.name,
        email: context.email,
        roles: match purpose {
            Purpose::SignUp => vec![Role::Candidate],
            Purpose::Setup => vec![Role::Admin],
            _ => Vec::new(),
        },
        email_verified: false,
    };
    let subject = user_id.to_string();
    let mut tx = state.db.pool.begin().await?;
    match purpose {
        // The first admin runs the installation (and sees every record
        // anyway): the address they give counts as theirs.
        Purpose::Setup => account.email_verified = true,
        // An invitation made for an address was sent there (or handed over
        // by the admin who chose it): the account gets that address,
        // verified. One made without an address verifies nothing.
        Purpose::Invitation => {
            let hash = context.token_hash.as_deref().unwrap_or_default();
            let pending = invitations::peek_hashed(&mut tx, hash)
                .await?
                .ok_or_else(link_invalid)?;
            pending.check_email(&account.email)?;
            account.email_verified = pending.email.is_some();
        }
        _ => {}
    }
    accounts::create(&mut tx, &account).await?;
    if let Some(version) = context.privacy_version.as_deref() {
        crate::dossier::privacy::record(&mut *tx, user_id, version, now()).await?;
    }
    let via = match purpose {
        Purpose::Setup => {
            let hash = context.token_hash.as_deref().unwrap_or_default();
            if !setup::consume_hashed(&mut tx, hash).await? {
                return Err(link_invalid());
            }
            audit::record(
                &mut *tx,
                Entry::new(Event::SetupCompleted)
                    .actor(user_id)
                    .subject(&subject)
                    .ip(ip),
            )
            .await?;
            "setup"
        }
        Purpose::Invitation => {
            let hash = context.token_hash.as_deref().unwrap_or_default();
            let (invitation, role) = invitations::consume(&mut tx, hash, user_id)
                .await?
                .ok_or_else(link_invalid)?;
            accounts::grant(&mut tx, user_id, role).await?;
            account.roles.push(role);
            audit::record(
                &mut *tx,
                Entry::new(Event::InvitationAccepted)
                    .actor(user_id)
                    .subject(&subject)
                    .ip(ip)
                    .details(json!({ "invitation": invitation, "role": role })),
            )
            .await?;
            // A candidate's invitation of a mentor links the two in the
            // transaction that makes the account (issue 13).
            if role == Role::Mentor {
                if let Some(candidate) =
                    crate::mentors::store::link_on_signup(&mut tx, invitation, user_id).await?
                {
                    audit::record(
                        &mut *tx,
                        Entry::new(Event::MentorLinked)
                            .actor(user_id)
                            .subject(&candidate.to_string())
                            .ip(ip)
                            .details(json!({ "mentor": user_id, "via": "invitation" })),
                    )
                    .await?;
                }
            }
            "invitation"
        }
        _ => "sign_up",
    };
    passkeys::add(&mut tx, user_id, &passkey, &passkey_name).await?;
    recovery::store_codes(&mut tx, user_id, &hashes).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::SignUp)
            .actor(user_id)
            .subject(&subject)
            .ip(ip)
            .details(json!({ "via": via, "roles": account.roles })),
    )
    .await?;
    tx.commit().await?;

    if !account.email_verified {
        verification::send(state, user_id, &account.email, now()).await?;
    }
    let jar = session::start(state, jar, user_id, ip).await?;
    Ok((
        jar,
        Json(SignedUp {
            user: me(&account),
            recovery_codes: codes,
        }),
    ))
}

async fn sign_in_start(
    _limit: SignInLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SignInStart>,
) -> Result<Json<CeremonyStart<RequestChallengeResponse>>, ApiError> {
    let (mut options, authentication) = state
        .webauthn
        .start_discoverable_authentication()
        .map_err(|err| {
            tracing::error!(error = %err, "starting authentication failed");
            ApiError::internal()
        })?;
    if !req.conditional {
        options.mediation = None;
    }
    let challenge_id = challenge::store(
        &state.db,
        Purpose::SignIn,
        None,
        &json!({}),
        &authentication,
    )
    .await?;
    Ok(Json(CeremonyStart {
        challenge_id,
        options,
    }))
}

fn sign_in_failed() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "sign_in_failed",
        "Inloggen is niet gelukt. Deze passkey is onbekend of kon niet worden gecontroleerd.",
    )
}

async fn sign_in_finish(
    _limit: SignInLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(req): ApiJson<SignInFinish>,
) -> Result<(CookieJar, Json<SignedIn>), ApiError> {
    let taken = challenge::take::<DiscoverableAuthentication>(
        &state.db,
        &req.challenge_id,
        Purpose::SignIn,
    )
    .await?;
    let claimed = state
        .webauthn
        .identify_discoverable_authentication(&req.credential)
        .ok();
    let stored = match claimed {
        Some((user_id, raw_id)) => passkeys::find_by_credential(&state.db, raw_id)
            .await?
            .filter(|s| s.user_id == user_id),
        None => None,
    };
    let verified = stored.and_then(|stored| {
        match state.webauthn.finish_discoverable_authentication_v2(
            &req.credential,
            taken.state,
            &stored.passkey,
        ) {
            Ok(result) => Some((stored, result)),
            Err(err) => {
                tracing::info!(error = %err, "passkey assertion rejected");
                None
            }
        }
    });
    let Some((stored, result)) = verified else {
        let subject = claimed.map(|(u, _)| u.to_string());
        let mut entry = Entry::new(Event::SignInFailed)
            .ip(ip)
            .details(json!({ "method": "passkey" }));
        if let Some(subject) = subject.as_deref() {
            entry = entry.subject(subject);
        }
        audit::record(&state.db.pool, entry).await?;
        return Err(sign_in_failed());
    };
    let user_id = stored.user_id;
    passkeys::record_use(&state.db, stored, &result).await?;
    let account = accounts::find(&state.db, user_id)
        .await?
        .ok_or_else(sign_in_failed)?;
    let jar = session::start(&state, jar, user_id, ip).await?;
    audit::record(
        &state.db.pool,
        Entry::new(Event::SignIn)
            .actor(user_id)
            .subject(&user_id.to_string())
            .ip(ip)
            .details(json!({ "method": "passkey" })),
    )
    .await?;
    Ok((jar, Json(SignedIn { user: me(&account) })))
}

/// Who is signed in, without treating "nobody" as an error: pages ask this
/// on every load, and a 401 there would only fill the browser console.
async fn current_session(session: Option<Session>) -> Json<CurrentSession> {
    Json(CurrentSession {
        user: session.map(|s| {
            me(&Account {
                id: s.actor.id,
                name: s.actor.name,
                email: s.actor.email,
                roles: s.actor.roles,
                email_verified: s.email_verified,
            })
        }),
    })
}

async fn sign_out(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Option<Session>,
    jar: CookieJar,
) -> Result<(CookieJar, Json<SignedOut>), ApiError> {
    if let Some(session) = session {
        session::end(&state.db, &session.id_hash).await?;
        audit::record(
            &state.db.pool,
            Entry::new(Event::SignOut).actor(session.actor.id).ip(ip),
        )
        .await?;
    }
    Ok((
        session::clear_cookie(&state, jar),
        Json(SignedOut {
            signed_out: true,
            sessions_ended: None,
        }),
    ))
}

async fn sign_out_everywhere(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    jar: CookieJar,
) -> Result<(CookieJar, Json<SignedOut>), ApiError> {
    let ended = session::end_all(&state.db, session.actor.id).await?;
    audit::record(
        &state.db.pool,
        Entry::new(Event::SignOutEverywhere)
            .actor(session.actor.id)
            .ip(ip)
            .details(json!({ "sessions": ended })),
    )
    .await?;
    Ok((
        session::clear_cookie(&state, jar),
        Json(SignedOut {
            signed_out: true,
            sessions_ended: Some(ended),
        }),
    ))
}

async fn recovery_code(
    _limit: RecoveryLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(req): ApiJson<RecoveryCodeRequest>,
) -> Result<(CookieJar, Json<RecoveredByCode>), ApiError> {
    if req.email.len() > 254 || req.code.len() > 64 {
        return Err(ApiError::unprocessable(
            "E-mailadres of herstelcode is te lang.",
        ));
    }
    let Some(user_id) =
        recovery::redeem_code(&state.db, &state.argon2, &req.email, &req.code).await?
    else {
        audit::record(
            &state.db.pool,
            Entry::new(Event::SignInFailed)
                .ip(ip)
                .details(json!({ "method": "recovery_code" })),
        )
        .await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "recovery_failed",
            "Deze combinatie van e-mailadres en herstelcode klopt niet, of de code is al gebruikt.",
        ));
    };
    let account = accounts::find(&state.db, user_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let left = recovery::codes_left(&state.db, user_id).await?;
    // Whoever held the lost passkey, or an old cookie, is signed out.
    let ended = session::end_all(&state.db, user_id).await?;
    let jar = session::start(&state, jar, user_id, ip).await?;
    audit::record(
        &state.db.pool,
        Entry::new(Event::RecoveryUsed)
            .actor(user_id)
            .subject(&user_id.to_string())
            .ip(ip)
            .details(json!({ "method": "code", "codes_left": left, "sessions_ended": ended })),
    )
    .await?;
    Ok((
        jar,
        Json(RecoveredByCode {
            user: me(&account),
            recovery_codes_left: left,
        }),
    ))
}

#[derive(Serialize, Deserialize)]
struct RecoveryLinkContext {
    token_hash: String,
}

async fn recovery_link_start(
    _limit: RecoveryLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<RecoveryLinkStart<CreationChallengeResponse>>, ApiError> {
    let user_id = recovery::link_user(&state.db, &req.token)
        .await?
        .ok_or_else(link_invalid)?;
    let account = accounts::find(&state.db, user_id)
        .await?
        .ok_or_else(link_invalid)?;
    // No exclusion list (start_registration_ceremony passes none): the
    // person may still hold an old passkey on this device that no longer
    // works for them.
    let (challenge_id, options) = start_registration_ceremony(
        &state,
        Purpose::RecoveryLink,
        user_id,
        &account.email,
        &account.name,
        &RecoveryLinkContext {
            token_hash: hash_token(&req.token),
        },
    )
    .await?;
    Ok(Json(RecoveryLinkStart {
        challenge_id,
        options,
        name: account.name,
    }))
}

async fn recovery_link_finish(
    _limit: RecoveryLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(req): ApiJson<RegistrationFinish>,
) -> Result<(CookieJar, Json<SignedIn>), ApiError> {
    let Registered {
        user_id,
        context,
        passkey,
        passkey_name,
    } = finish_registration_ceremony::<RecoveryLinkContext>(&state, Purpose::RecoveryLink, &req)
        .await?;
    let subject = user_id.to_string();
    let mut tx = state.db.pool.begin().await?;
    if !recovery::consume_link(&mut tx, &context.token_hash, user_id).await? {
        return Err(link_invalid());
    }
    let passkey_id = passkeys::add(&mut tx, user_id, &passkey, &passkey_name).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::RecoveryUsed)
            .actor(user_id)
            .subject(&subject)
            .ip(ip)
            .details(json!({ "method": "link" })),
    )
    .await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::PasskeyAdded)
            .actor(user_id)
            .subject(&subject)
            .ip(ip)
            .details(json!({ "passkey": passkey_id, "via": "recovery_link" })),
    )
    .await?;
    tx.commit().await?;
    let account = accounts::find(&state.db, user_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    // Whoever held the lost passkey, or an old cookie, is signed out.
    session::end_all(&state.db, user_id).await?;
    let jar = session::start(&state, jar, user_id, ip).await?;
    Ok((jar, Json(SignedIn { user: me(&account) })))
}

/// Following the link from the verification mail. No session needed: the
/// mail may be opened on another device than the one that signed up; the
/// token alone shows the address reached its owner.
async fn verify_email(
    _limit: SignInLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<VerifyEmailRequest>,
) -> Result<Json<EmailVerified>, ApiError> {
    if req.token.len() > 128 {
        return Err(link_invalid());
    }
    match verification::confirm(&state.db, &req.token, now()).await? {
        Confirmed::Verified { user_id, email } => {
            audit::record(
                &state.db.pool,
                Entry::new(Event::EmailVerified)
                    .actor(user_id)
                    .subject(&user_id.to_string())
                    .ip(ip),
            )
            .await?;
            Ok(Json(EmailVerified {
                verified: true,
                email,
            }))
        }
        Confirmed::TakenByOther => Err(ApiError::new(
            StatusCode::CONFLICT,
            "email_taken",
            "Dit e-mailadres is al bevestigd voor een ander account. Log in met dat account, \
             of gebruik er een herstelcode voor.",
        )),
        Confirmed::Invalid => Err(link_invalid()),
    }
}
