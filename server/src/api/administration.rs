//! The register's administration over HTTP: the public affiliate
//! registration and register search, a person's own registration and
//! invoices, and the admin API under `/api/admin` (fees, people, invoices,
//! the annual run, certificates). Every admin handler asks `policy` first
//! and writes its change to the audit log in the same transaction.

use crate::administration::certificates::{self, Owner};
use crate::administration::invoices::{self, ChangeError, Filter, NewInvoice, NewLine};
use crate::administration::people::{
    self, AffiliateDetails, AffiliateInput, CertificateColumn, MemberDetails, RecordKind,
};
use crate::administration::{
    begin_write, csv_io, date_text, fees, is_unique_violation, notify, numbers, parse_date, seller,
    today,
};
use crate::audit::{self, Entry, Event};
use crate::auth::rate_limit::SignUpLimit;
use crate::auth::{accounts, ClientIp, Session};
use crate::error::{ApiError, ApiJson};
use crate::policy::{self, Action, Resource};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::{json, Value};
use shared::administration::{
    annual_run_selection, format_affiliate_number, format_euro, normalise_postal_code,
    plausible_email, validate_certificate_row, CertificateKind, CertificateRow, RawCertificateRow,
};
use shared::fees::{
    affiliate_registration_fee_due, line_amounts, register_fee_due, schedule_for_year, vat_rate_on,
    FeeSchedule, VatRate,
};
use std::collections::HashSet;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/affiliates", post(register_affiliate))
        .route("/register", get(search_register))
        .route("/me/registration", get(own_registration))
        .route("/invoices/{id}", get(invoice))
        .route("/admin/overview", get(overview))
        .route("/admin/fees", get(list_fees))
        .route("/admin/fees/{year}", put(set_fees))
        .route("/admin/vat-rates", post(set_vat_rate))
        .route("/admin/affiliates", get(list_affiliates))
        .route("/admin/affiliates/{id}", put(update_affiliate))
        .route("/admin/affiliates/{id}/account", put(link_affiliate))
        .route("/admin/members", get(list_members).post(add_member))
        .route("/admin/members/{id}", put(update_member))
        .route("/admin/members/{id}/account", put(link_member))
        .route("/admin/invoices", get(list_invoices))
        .route("/admin/invoices/{id}/paid", post(mark_paid))
        .route("/admin/invoices/{id}/credit", post(credit_invoice))
        .route("/admin/register-fee-run", get(preview_run).post(issue_run))
        .route(
            "/admin/certificates",
            get(list_certificates).post(add_certificate),
        )
        .route("/admin/certificates/import", post(import_certificates))
}

// ---------------------------------------------------------------- helpers

/// 422 naming the field first, the API's convention (`field: message`).
fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::unprocessable(format!("{field}: {message}"))
}

fn admin(session: &Session, action: Action) -> Result<(), ApiError> {
    policy::require(&session.actor, action, &Resource::System)
}

fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, message)
}

/// Inserts leave uniqueness to the database's constraints: a check beforehand
/// (where there is one) cannot see a concurrent insert. A violation is the
/// caller's 409; any other database error stays a 500.
trait OnUniqueViolation<T> {
    fn on_unique_violation(self, error: impl FnOnce() -> ApiError) -> Result<T, ApiError>;
}

impl<T> OnUniqueViolation<T> for Result<T, sqlx::Error> {
    fn on_unique_violation(self, error: impl FnOnce() -> ApiError) -> Result<T, ApiError> {
        self.map_err(|e| {
            if is_unique_violation(&e) {
                error()
            } else {
                e.into()
            }
        })
    }
}

fn csv_response(filename: &str, body: String) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

fn optional(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn text_field(field: &str, value: &str, label: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(invalid(field, &format!("vul {label} in.")));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(invalid(
            field,
            &format!("{label} heeft hoogstens {max} tekens, zonder regeleinden."),
        ));
    }
    Ok(v.to_string())
}

fn email_field(field: &str, value: &str) -> Result<String, ApiError> {
    let email = value.trim().to_lowercase();
    if email.len() > 254 || !plausible_email(&email) || email.parse::<lettre::Address>().is_err() {
        return Err(invalid(
            field,
            "vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
        ));
    }
    Ok(email)
}

fn postal_code_field(field: &str, value: &str) -> Result<String, ApiError> {
    normalise_postal_code(value).ok_or_else(|| {
        invalid(
            field,
            "vul een Nederlandse postcode in: vier cijfers en twee letters, bijvoorbeeld 1234 AB.",
        )
    })
}

fn no_fees(year: i32) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "no_fee_schedule",
        format!(
            "Er is geen tarief vastgesteld voor {year} of eerder. Vul eerst de tarieftabel in."
        ),
    )
}

fn no_vat(date: NaiveDate) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "no_vat_rate",
        format!("Er is geen btw-tarief dat geldt op {}.", date_text(date)),
    )
}

// ------------------------------------------------ registration (public)

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub invoice_name: Option<String>,
    #[serde(default)]
    pub invoice_street: Option<String>,
    #[serde(default)]
    pub invoice_postal_code: Option<String>,
    #[serde(default)]
    pub invoice_city: Option<String>,
    #[serde(default)]
    pub invoice_email: Option<String>,
    pub privacy_consent: bool,
}

/// The checks of the registration form, in the order of the form.
pub fn validate_registration(r: &Registration) -> Result<AffiliateInput, ApiError> {
    let AffiliateDetails {
        name,
        email,
        street,
        postal_code,
        city,
    } = affiliate_details(
        &r.name,
        "je naam",
        &r.email,
        &r.street,
        &r.postal_code,
        &r.city,
    )?;
    let organisation = match optional(&r.organisation) {
        Some(o) => Some(text_field("organisation", &o, "de organisatie", 200)?),
        None => None,
    };
    let invoice_name = match optional(&r.invoice_name) {
        Some(n) => Some(text_field(
            "invoice_name",
            &n,
            "de naam op de factuur",
            200,
        )?),
        None => None,
    };
    let invoice_street = optional(&r.invoice_street);
    let invoice_postal_code = optional(&r.invoice_postal_code);
    let invoice_city = optional(&r.invoice_city);
    let any_address =
        invoice_street.is_some() || invoice_postal_code.is_some() || invoice_city.is_some();
    let (invoice_street, invoice_postal_code, invoice_city) = if any_address {
        (
            Some(text_field(
                "invoice_street",
                invoice_street.as_deref().unwrap_or(""),
                "straat en huisnummer van het factuuradres",
                200,
            )?),
            Some(postal_code_field(
                "invoice_postal_code",
                invoice_postal_code.as_deref().unwrap_or(""),
            )?),
            Some(text_field(
                "invoice_city",
                invoice_city.as_deref().unwrap_or(""),
                "de plaats van het factuuradres",
                100,
            )?),
        )
    } else {
        (None, None, None)
    };
    let invoice_email = match optional(&r.invoice_email) {
        Some(e) => Some(email_field("invoice_email", &e)?),
        None => None,
    };
    if !r.privacy_consent {
        return Err(invalid(
            "privacy_consent",
            "geef toestemming voor de verwerking van je gegevens volgens de privacyverklaring; \
             zonder toestemming kunnen we je niet registreren.",
        ));
    }
    Ok(AffiliateInput {
        name,
        email,
        street,
        postal_code,
        city,
        organisation,
        invoice_name,
        invoice_street,
        invoice_postal_code,
        invoice_city,
        invoice_email,
    })
}

/// The checks of an affiliate's own details, shared by the registration and
/// an admin's correction (which names the person in the third person).
fn affiliate_details(
    name: &str,
    name_label: &str,
    email: &str,
    street: &str,
    postal_code: &str,
    city: &str,
) -> Result<AffiliateDetails, ApiError> {
    Ok(AffiliateDetails {
        name: text_field("name", name, name_label, 100)?,
        email: email_field("email", email)?,
        street: text_field("street", street, "straat en huisnummer", 200)?,
        postal_code: postal_code_field("postal_code", postal_code)?,
        city: text_field("city", city, "de plaats", 100)?,
    })
}

fn already_registered() -> ApiError {
    conflict(
        "already_registered",
        "Met dit e-mailadres is al een externe aansluiter geregistreerd. Je ontving toen je \
         aansluitingsnummer en de factuur; neem contact op als je die niet meer hebt.",
    )
}

async fn register_affiliate(
    State(state): State<AppState>,
    _limit: SignUpLimit,
    ClientIp(ip): ClientIp,
    session: Option<Session>,
    ApiJson(req): ApiJson<Registration>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let input = validate_registration(&req)?;
    let today = today();
    let schedules = fees::schedules(&state.db).await?;
    let fee = affiliate_registration_fee_due(false, &schedules, today.year())
        .ok_or_else(|| no_fees(today.year()))?;
    let vat =
        vat_rate_on(&fees::vat_rates(&state.db).await?, today).ok_or_else(|| no_vat(today))?;

    let mut tx = begin_write(&state.db).await?;
    let sequence = numbers::next(&mut tx, numbers::AFFILIATE, 0).await?;
    if people::email_registered(&mut tx, &input.email).await? {
        return Err(already_registered());
    }
    let number = format_affiliate_number(sequence);
    let affiliate = people::insert_affiliate(&mut tx, &number, &input)
        .await
        .on_unique_violation(already_registered)?;
    let issued = invoices::issue(
        &mut tx,
        &NewInvoice {
            kind: invoices::KIND_REGISTRATION,
            affiliate_id: Some(&affiliate.id),
            fee_year: None,
            buyer: &affiliate.buyer(),
            lines: &[NewLine {
                description: format!(
                    "Eenmalige inschrijving externe aansluiter Register Jobcoach ({number})"
                ),
                excl_vat_cents: fee,
            }],
            issue_date: today,
            vat_basis_points: vat.basis_points,
            credits: None,
            created_by: None,
        },
    )
    .await?;
    let mut entry = Entry::new(Event::AffiliateRegistered)
        .subject(&affiliate.id)
        .ip(ip)
        .details(json!({"affiliate_number": number, "invoice_number": issued.number}));
    if let Some(s) = &session {
        entry = entry.actor(s.actor.id);
    }
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;

    let body = format!(
        "Beste {},\n\nJe bent geregistreerd als externe aansluiter van het Register Jobcoach.\n\n\
         Je aansluitingsnummer: {number}\n\
         Hiermee meld je je aan bij de certificerende instelling.\n\n\
         Voor de eenmalige inschrijving ontvang je factuur {}: {} exclusief btw, {} btw, {} \
         inclusief btw. Betaaltermijn: 30 dagen.\n",
        affiliate.name,
        issued.number,
        format_euro(issued.totals.excl_vat_cents),
        format_euro(issued.totals.vat_cents),
        format_euro(issued.totals.incl_vat_cents),
    );
    let emailed = notify::send(
        &state.mailer,
        &affiliate.buyer().email,
        &format!(
            "Je aansluitingsnummer {number} en factuur {}",
            issued.number
        ),
        &body,
        "aansluiting",
    )
    .await;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "affiliate_number": number,
            "invoice_number": issued.number,
            "amount_excl_vat_cents": issued.totals.excl_vat_cents,
            "vat_cents": issued.totals.vat_cents,
            "amount_incl_vat_cents": issued.totals.incl_vat_cents,
            "emailed": emailed,
        })),
    ))
}

// ------------------------------------------------ public register

#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: Option<String>,
}

async fn search_register(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let q = query.ok().and_then(|Query(q)| q.q).unwrap_or_default();
    if q.chars().count() > 100 {
        return Err(invalid("q", "zoek op hoogstens 100 tekens."));
    }
    let entries = certificates::register(&state.db, &q, today()).await?;
    Ok((
        [(CACHE_CONTROL, "no-cache")],
        Json(json!({ "entries": entries })),
    ))
}

// ------------------------------------------------ a person's own records

async fn own_registration(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Value>, ApiError> {
    let actor = &session.actor;
    policy::require(
        actor,
        Action::ReadOwnRegistration,
        &Resource::Account(actor.id),
    )?;
    let today = today();
    let (member, affiliate) = people::own_records(&state.db, actor.id, &actor.email).await?;
    let own_invoices = match &affiliate {
        Some(a) => {
            invoices::list(
                &state.db,
                &Filter {
                    affiliate_id: Some(a.id.clone()),
                    ..Filter::default()
                },
                today,
            )
            .await?
        }
        None => Vec::new(),
    };
    let certs = certificates::own(
        &state.db,
        &actor.email,
        member.as_ref().map(|m| m.id.as_str()),
        affiliate.as_ref().map(|a| a.id.as_str()),
        today,
    )
    .await?;
    let status = match (&member, &affiliate) {
        (Some(_), _) => "member",
        (None, Some(_)) => "affiliate",
        (None, None) => "none",
    };
    Ok(Json(json!({
        "status": status,
        "member": member.map(|m| json!({"membership_number": m.membership_number, "name": m.name})),
        "affiliate": affiliate.map(|a| json!({"affiliate_number": a.affiliate_number, "name": a.name})),
        "invoices": own_invoices,
        "certificates": certs,
    })))
}

async fn invoice(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let owner = invoices::owner(&state.db, &id).await?;
    policy::require(
        &session.actor,
        Action::ReadInvoice,
        &Resource::Invoice { owner },
    )
    .map_err(|e| {
        // Someone else's invoice is as absent as a non-existent one.
        if session.actor.has(crate::policy::Role::Admin) {
            e
        } else {
            ApiError::not_found()
        }
    })?;
    let found = invoices::find(&state.db, &id, today())
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(
        json!({ "invoice": found, "seller": seller::seller() }),
    ))
}

// ------------------------------------------------ admin: overview

async fn overview(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageCertificates)?;
    let today = today();
    let reminders = certificates::reminders(&state.db, today).await?;
    let open = invoices::list(
        &state.db,
        &Filter {
            status: Some("open".into()),
            ..Filter::default()
        },
        today,
    )
    .await?;
    let overdue = open.iter().filter(|i| i.overdue).count();
    let open_cents: i64 = open.iter().map(|i| i.total_incl_vat_cents).sum();
    Ok(Json(json!({
        "today": date_text(today),
        "reminders": reminders,
        "open_invoices": open.len(),
        "overdue_invoices": overdue,
        "open_amount_incl_vat_cents": open_cents,
    })))
}

// ------------------------------------------------ admin: fees

async fn fees_json(state: &AppState) -> Result<Value, ApiError> {
    let schedules = fees::schedules(&state.db).await?;
    let rates = fees::vat_rates(&state.db).await?;
    let this_year = today().year();
    let first = schedules.first().map(|s| s.year).unwrap_or(this_year);
    let years: Vec<Value> = (first..=this_year + 1)
        .rev()
        .filter_map(|y| {
            schedule_for_year(&schedules, y).map(|(s, from)| {
                json!({
                    "year": y,
                    "from_year": from,
                    "own": from == y,
                    "certification_fee_cents": s.certification_fee_cents,
                    "affiliate_registration_fee_cents": s.affiliate_registration_fee_cents,
                    "register_fee_cents": s.register_fee_cents,
                })
            })
        })
        .collect();
    Ok(json!({
        "schedules": schedules,
        "vat_rates": rates,
        "years": years,
        "current_vat_rate": vat_rate_on(&rates, today()),
    }))
}

async fn list_fees(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageFees)?;
    Ok(Json(fees_json(&state).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeeAmounts {
    certification_fee_cents: i64,
    affiliate_registration_fee_cents: i64,
    register_fee_cents: i64,
}

const MAX_FEE_CENTS: i64 = 100_000_000;

async fn set_fees(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(year): Path<String>,
    ApiJson(req): ApiJson<FeeAmounts>,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageFees)?;
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| invalid("year", "kies een jaar tussen 2000 en 2100."))?;
    for (field, v) in [
        ("certification_fee_cents", req.certification_fee_cents),
        (
            "affiliate_registration_fee_cents",
            req.affiliate_registration_fee_cents,
        ),
        ("register_fee_cents", req.register_fee_cents),
    ] {
        if !(0..=MAX_FEE_CENTS).contains(&v) {
            return Err(invalid(
                field,
                "vul een bedrag in van € 0,00 tot € 1.000.000,00.",
            ));
        }
    }
    let schedule = FeeSchedule {
        year,
        certification_fee_cents: req.certification_fee_cents,
        affiliate_registration_fee_cents: req.affiliate_registration_fee_cents,
        register_fee_cents: req.register_fee_cents,
    };
    let mut tx = begin_write(&state.db).await?;
    fees::set_schedule(&mut tx, &schedule).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::FeeScheduleSet)
            .actor(session.actor.id)
            .subject(&year.to_string())
            .ip(ip)
            .details(json!(schedule)),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(fees_json(&state).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VatRateRequest {
    valid_from: String,
    basis_points: i64,
}

async fn set_vat_rate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<VatRateRequest>,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageFees)?;
    let valid_from = parse_date(req.valid_from.trim())
        .ok_or_else(|| invalid("valid_from", "vul een datum in als JJJJ-MM-DD."))?;
    let basis_points = u32::try_from(req.basis_points)
        .ok()
        .filter(|bp| *bp <= 10_000)
        .ok_or_else(|| invalid("basis_points", "een btw-tarief ligt tussen 0% en 100%."))?;
    let rate = VatRate {
        valid_from,
        basis_points,
    };
    let mut tx = begin_write(&state.db).await?;
    fees::set_vat_rate(&mut tx, &rate).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::VatRateSet)
            .actor(session.actor.id)
            .subject(&date_text(valid_from))
            .ip(ip)
            .details(json!(rate)),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(fees_json(&state).await?))
}

// ------------------------------------------------ admin: people

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    overdue: Option<String>,
}

fn wants_csv(q: &ListQuery) -> bool {
    q.format.as_deref() == Some("csv")
}

async fn list_affiliates(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let list = people::list_affiliates(&state.db, query.q.as_deref()).await?;
    if wants_csv(&query) {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|a| {
                vec![
                    a.affiliate_number.clone(),
                    a.name.clone(),
                    a.email.clone(),
                    a.street.clone(),
                    a.postal_code.clone(),
                    a.city.clone(),
                    a.organisation.clone().unwrap_or_default(),
                    chrono::DateTime::from_timestamp(a.created_at, 0)
                        .map(|d| d.date_naive().to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect();
        return Ok(csv_response(
            "aansluiters.csv",
            csv_io::write(
                &[
                    "aansluitingsnummer",
                    "naam",
                    "e-mail",
                    "straat",
                    "postcode",
                    "plaats",
                    "organisatie",
                    "geregistreerd",
                ],
                &rows,
            ),
        ));
    }
    Ok(Json(json!({ "affiliates": list })).into_response())
}

async fn list_members(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let list = people::list_members(&state.db, query.q.as_deref()).await?;
    if wants_csv(&query) {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|m| {
                vec![
                    m.membership_number.clone(),
                    m.name.clone(),
                    m.email.clone(),
                    m.city.clone(),
                ]
            })
            .collect();
        return Ok(csv_response(
            "leden.csv",
            csv_io::write(&["lidmaatschapsnummer", "naam", "e-mail", "plaats"], &rows),
        ));
    }
    Ok(Json(json!({ "members": list })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewMember {
    membership_number: String,
    name: String,
    email: String,
    city: String,
}

/// The checks of a member's details, for adding and for correcting.
fn member_details(req: &NewMember) -> Result<MemberDetails, ApiError> {
    let number = text_field(
        "membership_number",
        &req.membership_number,
        "het lidmaatschapsnummer",
        40,
    )?
    .to_uppercase();
    if number.starts_with("EA-") {
        return Err(invalid(
            "membership_number",
            "een lidmaatschapsnummer begint niet met EA- (dat is een aansluitingsnummer).",
        ));
    }
    Ok(MemberDetails {
        membership_number: number,
        name: text_field("name", &req.name, "de naam", 100)?,
        email: email_field("email", &req.email)?,
        city: text_field("city", &req.city, "de plaats", 100)?,
    })
}

fn member_exists() -> ApiError {
    conflict(
        "member_exists",
        "Er is al een lid met dit lidmaatschapsnummer of e-mailadres.",
    )
}

async fn add_member(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<NewMember>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let MemberDetails {
        membership_number: number,
        name,
        email,
        city,
    } = member_details(&req)?;
    let mut tx = begin_write(&state.db).await?;
    let id = people::insert_member(&mut tx, &number, &name, &email, &city)
        .await
        .on_unique_violation(member_exists)?;
    audit::record(
        &mut *tx,
        Entry::new(Event::MemberAdded)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({"membership_number": number})),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "membership_number": number})),
    ))
}

/// The names of the fields whose value differs, in the given order.
fn changed<'a>(pairs: &[(&'a str, &str, &str)]) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, _, _)| *field)
        .collect()
}

/// One correction of a member or an affiliate, after its own row was
/// updated: the certificates that copied the old name, e-mail or city get
/// the new ones (see `people::correct_certificates`), and the audit entry
/// names the changed fields, never their values.
struct Correction<'a> {
    kind: RecordKind,
    event: Event,
    id: &'a str,
    fields: &'a [&'a str],
    /// (old, new) of name, e-mail and city.
    carried: [(&'a str, &'a str); 3],
}

impl Correction<'_> {
    /// Returns how many certificates were corrected.
    async fn finish(
        self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        session: &Session,
        ip: Option<std::net::IpAddr>,
    ) -> Result<u64, ApiError> {
        let [name, email, city] = self.carried;
        let certificates_updated = people::correct_certificates(
            tx,
            self.kind,
            self.id,
            &[
                (CertificateColumn::Name, name.0, name.1),
                (CertificateColumn::Email, email.0, email.1),
                (CertificateColumn::City, city.0, city.1),
            ],
        )
        .await?;
        audit::record(
            &mut **tx,
            Entry::new(self.event)
                .actor(session.actor.id)
                .subject(self.id)
                .ip(ip)
                .details(json!({
                    "fields": self.fields,
                    "certificates_updated": certificates_updated,
                })),
        )
        .await?;
        Ok(certificates_updated)
    }
}

/// `PUT /api/admin/members/{id}`: corrects a member's number, name, e-mail
/// address and city. The audit entry names the changed fields, not their
/// values (no personal data in the log).
async fn update_member(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<NewMember>,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let details = member_details(&req)?;
    let mut tx = begin_write(&state.db).await?;
    let old = people::find_member_in(&mut tx, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let fields = changed(&[
        (
            "membership_number",
            &old.membership_number,
            &details.membership_number,
        ),
        ("name", &old.name, &details.name),
        ("email", &old.email, &details.email),
        ("city", &old.city, &details.city),
    ]);
    let mut certificates_updated = 0;
    if !fields.is_empty() {
        people::update_member(&mut tx, &id, &details)
            .await
            .on_unique_violation(member_exists)?;
        certificates_updated = Correction {
            kind: RecordKind::Member,
            event: Event::MemberUpdated,
            id: &id,
            fields: &fields,
            carried: [
                (&old.name, &details.name),
                (&old.email, &details.email),
                (&old.city, &details.city),
            ],
        }
        .finish(&mut tx, &session, ip)
        .await?;
    }
    let member = people::find_member_in(&mut tx, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    tx.commit().await?;
    Ok(Json(json!({
        "member": member,
        "changed": fields,
        "certificates_updated": certificates_updated,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AffiliateCorrection {
    name: String,
    email: String,
    street: String,
    postal_code: String,
    city: String,
}

fn affiliate_exists() -> ApiError {
    conflict(
        "affiliate_exists",
        "Er is al een externe aansluiter met dit e-mailadres.",
    )
}

/// `PUT /api/admin/affiliates/{id}`: corrects an affiliate's name, e-mail
/// address and address, checked as at registration. The affiliate number
/// and the invoices issued (which copied the buyer) stay as they are.
async fn update_affiliate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<AffiliateCorrection>,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let details = affiliate_details(
        &req.name,
        "de naam",
        &req.email,
        &req.street,
        &req.postal_code,
        &req.city,
    )?;
    let mut tx = begin_write(&state.db).await?;
    let old = people::find_affiliate_in(&mut tx, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let fields = changed(&[
        ("name", &old.name, &details.name),
        ("email", &old.email, &details.email),
        ("street", &old.street, &details.street),
        ("postal_code", &old.postal_code, &details.postal_code),
        ("city", &old.city, &details.city),
    ]);
    let mut certificates_updated = 0;
    if !fields.is_empty() {
        people::update_affiliate(&mut tx, &id, &details)
            .await
            .on_unique_violation(affiliate_exists)?;
        certificates_updated = Correction {
            kind: RecordKind::Affiliate,
            event: Event::AffiliateUpdated,
            id: &id,
            fields: &fields,
            carried: [
                (&old.name, &details.name),
                (&old.email, &details.email),
                (&old.city, &details.city),
            ],
        }
        .finish(&mut tx, &session, ip)
        .await?;
    }
    let affiliate = people::find_affiliate_in(&mut tx, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    tx.commit().await?;
    Ok(Json(json!({
        "affiliate": affiliate,
        "changed": fields,
        "certificates_updated": certificates_updated,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkRequest {
    /// The account's e-mail address; null unlinks.
    email: Option<String>,
}

async fn link(
    state: AppState,
    ip: Option<std::net::IpAddr>,
    session: Session,
    kind: RecordKind,
    id: String,
    req: LinkRequest,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let user = match req
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(email) => Some(
            accounts::find_by_email(&state.db, email)
                .await?
                .ok_or_else(|| invalid("email", "er is geen account met dit e-mailadres."))?,
        ),
        None => None,
    };
    let mut tx = begin_write(&state.db).await?;
    if !people::link_account(&mut tx, kind, &id, user).await? {
        return Err(ApiError::not_found());
    }
    audit::record(
        &mut *tx,
        Entry::new(Event::RegistrationLinked)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({
                "record": if kind == RecordKind::Member { "member" } else { "affiliate" },
                "user_id": user,
            })),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(json!({"linked": user.is_some(), "user_id": user})))
}

async fn link_affiliate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LinkRequest>,
) -> Result<Json<Value>, ApiError> {
    link(state, ip, session, RecordKind::Affiliate, id, req).await
}

async fn link_member(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LinkRequest>,
) -> Result<Json<Value>, ApiError> {
    link(state, ip, session, RecordKind::Member, id, req).await
}

// ------------------------------------------------ admin: invoices

fn status_label(status: &str) -> &'static str {
    match status {
        "open" => "open",
        "paid" => "betaald",
        "credited" => "gecrediteerd",
        _ => "onbekend",
    }
}

async fn list_invoices(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let status = query.status.clone().filter(|s| !s.is_empty());
    if let Some(s) = &status {
        if !["open", "paid", "credited"].contains(&s.as_str()) {
            return Err(invalid("status", "kies open, paid of credited."));
        }
    }
    let filter = Filter {
        q: query.q.clone(),
        status,
        overdue: matches!(query.overdue.as_deref(), Some("1" | "true" | "on")),
        affiliate_id: None,
    };
    let list = invoices::list(&state.db, &filter, today()).await?;
    if wants_csv(&query) {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|i| {
                vec![
                    i.number.clone(),
                    i.issue_date.clone(),
                    i.due_date.clone(),
                    i.buyer.name.clone(),
                    i.buyer.email.clone(),
                    i.affiliate_number.clone().unwrap_or_default(),
                    csv_io::cents(i.total_excl_vat_cents),
                    csv_io::cents(i.total_vat_cents),
                    csv_io::cents(i.total_incl_vat_cents),
                    status_label(&i.status).to_string(),
                    i.paid_on.clone().unwrap_or_default(),
                    if i.overdue { "ja" } else { "nee" }.to_string(),
                ]
            })
            .collect();
        return Ok(csv_response(
            "facturen.csv",
            csv_io::write(
                &[
                    "factuurnummer",
                    "factuurdatum",
                    "vervaldatum",
                    "naam",
                    "e-mail",
                    "aansluitingsnummer",
                    "bedrag excl. btw",
                    "btw",
                    "bedrag incl. btw",
                    "status",
                    "betaald op",
                    "te laat",
                ],
                &rows,
            ),
        ));
    }
    Ok(Json(json!({ "invoices": list })).into_response())
}

fn change_error(e: ChangeError) -> ApiError {
    match e {
        ChangeError::NotFound => ApiError::not_found(),
        ChangeError::Conflict(message) => conflict("invoice_state", message),
        ChangeError::Db(message) => {
            tracing::error!(error = %message, "database error");
            ApiError::internal()
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaidRequest {
    paid_on: String,
}

async fn mark_paid(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PaidRequest>,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let today = today();
    let paid_on = parse_date(req.paid_on.trim())
        .ok_or_else(|| invalid("paid_on", "vul de betaaldatum in als JJJJ-MM-DD."))?;
    if paid_on > today {
        return Err(invalid("paid_on", "de betaaldatum ligt in de toekomst."));
    }
    let mut tx = begin_write(&state.db).await?;
    let number = invoices::mark_paid(&mut tx, &id, paid_on)
        .await
        .map_err(change_error)?;
    audit::record(
        &mut *tx,
        Entry::new(Event::InvoicePaid)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({"number": number, "paid_on": date_text(paid_on)})),
    )
    .await?;
    tx.commit().await?;
    let found = invoices::find(&state.db, &id, today)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(json!({ "invoice": found })))
}

async fn credit_invoice(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let today = today();
    let mut tx = begin_write(&state.db).await?;
    let (number, issued) = invoices::credit(&mut tx, &id, today, session.actor.id)
        .await
        .map_err(change_error)?;
    audit::record(
        &mut *tx,
        Entry::new(Event::InvoiceCredited)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({"number": number, "credit_number": issued.number})),
    )
    .await?;
    tx.commit().await?;
    let credit = invoices::find(&state.db, &issued.id, today)
        .await?
        .ok_or_else(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "credit_invoice": credit })),
    ))
}

// ------------------------------------------------ admin: annual run

#[derive(Deserialize, Default)]
struct RunQuery {
    #[serde(default)]
    year: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    year: i32,
}

fn run_year(year: Option<i32>) -> Result<i32, ApiError> {
    year.filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| invalid("year", "kies een jaar tussen 2000 en 2100."))
}

/// The run for `year` inside `tx`: whom it invoices, at what amounts. With
/// `issue`, the invoices are issued in the same transaction.
async fn run(
    state: &AppState,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    year: i32,
    issue: Option<Uuid>,
) -> Result<Value, ApiError> {
    let today = today();
    let schedules = fees::schedules(&state.db).await?;
    let fee = register_fee_due(false, &schedules, year).ok_or_else(|| no_fees(year))?;
    let from_year = schedule_for_year(&schedules, year).map(|(_, f)| f);
    let vat =
        vat_rate_on(&fees::vat_rates(&state.db).await?, today).ok_or_else(|| no_vat(today))?;
    let amounts = line_amounts(fee, vat.basis_points);
    let candidates = invoices::run_candidates(tx, year).await?;
    let already: HashSet<&str> = candidates
        .iter()
        .filter(|c| c.already_invoiced)
        .map(|c| c.affiliate_id.as_str())
        .collect();
    let already_count = already.len();
    let selected = annual_run_selection(&candidates, year);
    let mut lines = Vec::new();
    for affiliate_id in &selected {
        let Some(affiliate) = people::find_affiliate_in(tx, affiliate_id).await? else {
            continue;
        };
        let mut line = json!({
            "affiliate_id": affiliate.id,
            "affiliate_number": affiliate.affiliate_number,
            "name": affiliate.name,
            "email": affiliate.email,
        });
        if let Some(actor) = issue {
            let issued = invoices::issue(
                tx,
                &NewInvoice {
                    kind: invoices::KIND_REGISTER_FEE,
                    affiliate_id: Some(&affiliate.id),
                    fee_year: Some(year),
                    buyer: &affiliate.buyer(),
                    lines: &[NewLine {
                        description: format!(
                            "Registerbijdrage Register Jobcoach {year} ({})",
                            affiliate.affiliate_number
                        ),
                        excl_vat_cents: fee,
                    }],
                    issue_date: today,
                    vat_basis_points: vat.basis_points,
                    credits: None,
                    created_by: Some(actor),
                },
            )
            .await?;
            line["invoice_number"] = json!(issued.number);
        }
        lines.push(line);
    }
    Ok(json!({
        "year": year,
        "fee_from_year": from_year,
        "vat_basis_points": vat.basis_points,
        "amount_excl_vat_cents": amounts.excl_vat_cents,
        "vat_cents": amounts.vat_cents,
        "amount_incl_vat_cents": amounts.incl_vat_cents,
        "already_invoiced": already_count,
        "lines": lines,
    }))
}

async fn preview_run(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<RunQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let year = query
        .ok()
        .and_then(|Query(q)| q.year)
        .map(|y| y.parse().ok())
        .unwrap_or(Some(today().year()));
    let year = run_year(year)?;
    // A read-only look: the transaction is rolled back.
    let mut tx = state.db.pool.begin().await?;
    let preview = run(&state, &mut tx, year, None).await?;
    tx.rollback().await?;
    Ok(Json(preview))
}

async fn issue_run(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<RunRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let year = run_year(Some(req.year))?;
    let mut tx = begin_write(&state.db).await?;
    // Serialises runs: a second run waits and then sees the first one's
    // invoices.
    numbers::next(&mut tx, numbers::REGISTER_FEE_RUN, i64::from(year)).await?;
    let result = run(&state, &mut tx, year, Some(session.actor.id)).await?;
    let issued: Vec<&str> = result["lines"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|x| x["invoice_number"].as_str())
                .collect()
        })
        .unwrap_or_default();
    audit::record(
        &mut *tx,
        Entry::new(Event::RegisterFeeRun)
            .actor(session.actor.id)
            .subject(&year.to_string())
            .ip(ip)
            .details(json!({"year": year, "invoices": issued})),
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(result)))
}

// ------------------------------------------------ admin: certificates

async fn list_certificates(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageCertificates)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let list = certificates::list(&state.db, query.q.as_deref(), today()).await?;
    if wants_csv(&query) {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.email.clone(),
                    c.city.clone(),
                    c.certificate_number.clone(),
                    c.issue_date.clone(),
                    c.member_number
                        .clone()
                        .or_else(|| c.affiliate_number.clone())
                        .unwrap_or_default(),
                    c.expiry_date.clone(),
                    c.recertification_deadline.clone(),
                ]
            })
            .collect();
        let mut header: Vec<&str> = shared::administration::IMPORT_COLUMNS.to_vec();
        header.extend(["geldig tot", "uiterste datum hercertificering"]);
        return Ok(csv_response(
            "certificaten.csv",
            csv_io::write(&header, &rows),
        ));
    }
    Ok(Json(json!({ "certificates": list })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCertificate {
    name: String,
    email: String,
    city: String,
    certificate_number: String,
    issue_date: String,
    relation_number: String,
    #[serde(default)]
    kind: Option<CertificateKind>,
}

/// Row checks that need the database, added to the pure ones.
async fn check_row(
    state: &AppState,
    row: &CertificateRow,
    seen_numbers: &mut HashSet<String>,
) -> Result<Result<Owner, Vec<String>>, ApiError> {
    let mut errors = Vec::new();
    if !seen_numbers.insert(row.certificate_number.clone()) {
        errors.push("certificaatnummer: komt eerder in het bestand voor".to_string());
    } else if certificates::number_taken(&state.db, &row.certificate_number).await? {
        errors.push("certificaatnummer: bestaat al".to_string());
    }
    let owner = certificates::resolve_relation(&state.db, &row.relation).await?;
    match &owner {
        None => errors.push(
            "lidmaatschaps- of aansluitingsnummer: dit aansluitingsnummer is onbekend; \
             registreer de aansluiter eerst"
                .to_string(),
        ),
        Some(Owner::NewMember(number)) => {
            if certificates::member_email_clash(&state.db, &row.email, number).await? {
                errors.push(
                    "e-mail: hoort bij een lid met een ander lidmaatschapsnummer".to_string(),
                );
            }
        }
        Some(_) => {}
    }
    Ok(match (errors.is_empty(), owner) {
        (true, Some(owner)) => Ok(owner),
        _ => Err(errors),
    })
}

async fn add_certificate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<NewCertificate>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    admin(&session, Action::ManageCertificates)?;
    let raw = RawCertificateRow {
        name: req.name,
        email: req.email,
        city: req.city,
        certificate_number: req.certificate_number,
        issue_date: req.issue_date,
        relation_number: req.relation_number,
    };
    let row = validate_certificate_row(&raw, today()).map_err(|errors| {
        let first = errors.first().cloned().unwrap_or_default();
        // The shared messages name the column in Dutch; map to the JSON field.
        let field = match first.split(':').next().unwrap_or_default() {
            "naam" => "name",
            "e-mail" => "email",
            "plaats" => "city",
            "certificaatnummer" => "certificate_number",
            "afgiftedatum" => "issue_date",
            _ => "relation_number",
        };
        invalid(
            field,
            first.split_once(": ").map(|(_, m)| m).unwrap_or(&first),
        )
    })?;
    let owner = match check_row(&state, &row, &mut HashSet::new()).await? {
        Ok(owner) => owner,
        Err(errors) => {
            let first = errors.first().cloned().unwrap_or_default();
            let field = if first.starts_with("certificaatnummer") {
                "certificate_number"
            } else if first.starts_with("e-mail") {
                "email"
            } else {
                "relation_number"
            };
            return Err(invalid(
                field,
                first.split_once(": ").map(|(_, m)| m).unwrap_or(&first),
            ));
        }
    };
    let kind = req.kind.unwrap_or(CertificateKind::Initial);
    let mut tx = begin_write(&state.db).await?;
    let id = certificates::insert(&mut tx, &row, &owner, kind, session.actor.id)
        .await
        .on_unique_violation(|| {
            conflict("certificate_exists", "Dit certificaatnummer bestaat al.")
        })?;
    audit::record(
        &mut *tx,
        Entry::new(Event::CertificateAdded)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({"certificate_number": row.certificate_number, "kind": kind})),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": id,
            "certificate_number": row.certificate_number,
            "expiry_date": date_text(row.expiry_date),
        })),
    ))
}

#[derive(Deserialize, Default)]
struct ImportQuery {
    #[serde(default)]
    dry_run: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

/// `POST /api/admin/certificates/import`, body the CSV text. Every row is
/// checked first; with any invalid row nothing is stored and the answer is
/// 422 with the report. `?dry_run=true` only checks.
async fn import_certificates(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<String, axum::extract::rejection::StringRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageCertificates)?;
    // axum's own rejections are plain text; answer in the API's shape.
    let body = body.map_err(|rejection| match rejection {
        axum::extract::rejection::StringRejection::InvalidUtf8(_) => invalid(
            "file",
            "het bestand is geen UTF-8-tekst. Sla het op als \"CSV UTF-8\" en probeer het opnieuw.",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            crate::error::payload_too_large()
        }
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Het bestand kon niet worden gelezen.",
        ),
    })?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let dry_run = matches!(query.dry_run.as_deref(), Some("1" | "true"));
    let kind = match query.kind.as_deref() {
        None | Some("") => CertificateKind::Initial,
        Some(k) => CertificateKind::parse(k)
            .ok_or_else(|| invalid("kind", "kies initial of recertification."))?,
    };
    let rows = csv_io::read_certificates(&body).map_err(|m| invalid("file", &m))?;
    if rows.is_empty() {
        return Err(invalid(
            "file",
            "het bestand bevat geen certificaten onder de kolomnamen.",
        ));
    }
    let today = today();
    let mut report = Vec::new();
    let mut valid = Vec::new();
    let mut seen = HashSet::new();
    for (line, raw) in &rows {
        let result = match validate_certificate_row(raw, today) {
            Err(errors) => Err(errors),
            Ok(row) => match check_row(&state, &row, &mut seen).await? {
                Ok(owner) => Ok((row, owner)),
                Err(errors) => Err(errors),
            },
        };
        match result {
            Ok((row, owner)) => {
                report.push(json!({
                    "line": line,
                    "certificate_number": row.certificate_number,
                    "ok": true,
                    "errors": [],
                }));
                valid.push((row, owner));
            }
            Err(errors) => report.push(json!({
                "line": line,
                "certificate_number": raw.certificate_number.trim(),
                "ok": false,
                "errors": errors,
            })),
        }
    }
    let invalid_rows = rows.len() - valid.len();
    if invalid_rows > 0 {
        let body = json!({
            "error": {
                "code": "invalid_rows",
                "message": format!(
                    "{invalid_rows} van de {} regels zijn niet in orde; er is niets ingelezen. \
                     Verbeter de regels en lees het bestand opnieuw in.",
                    rows.len()
                ),
            },
            "imported": 0,
            "rows": report,
        });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    if dry_run {
        return Ok(Json(json!({"imported": 0, "dry_run": true, "rows": report})).into_response());
    }
    let mut tx = begin_write(&state.db).await?;
    certificates::lock_imports(&mut tx).await?;
    for (row, owner) in &valid {
        certificates::insert(&mut tx, row, owner, kind, session.actor.id)
            .await
            .on_unique_violation(|| {
                conflict(
                    "import_conflict",
                    format!(
                        "Certificaat {} is intussen al toegevoegd; er is niets ingelezen.",
                        row.certificate_number
                    ),
                )
            })?;
    }
    audit::record(
        &mut *tx,
        Entry::new(Event::CertificatesImported)
            .actor(session.actor.id)
            .ip(ip)
            .details(json!({
                "count": valid.len(),
                "certificate_numbers": valid.iter().map(|(r, _)| r.certificate_number.clone()).collect::<Vec<_>>(),
            })),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"imported": valid.len(), "rows": report})),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration() -> Registration {
        Registration {
            name: "Anna de Vries".into(),
            email: "Anna@Example.nl".into(),
            street: "Stationsplein 1".into(),
            postal_code: "3511ab".into(),
            city: "Utrecht".into(),
            privacy_consent: true,
            ..Registration::default()
        }
    }

    #[test]
    fn registration_is_normalised() {
        let ok = validate_registration(&registration()).unwrap();
        assert_eq!(ok.email, "anna@example.nl");
        assert_eq!(ok.postal_code, "3511 AB");
        assert_eq!(ok.invoice_street, None);
    }

    #[test]
    fn registration_errors_name_the_field() {
        type Change = fn(&mut Registration);
        let cases: [(Change, &str); 5] = [
            (|r| r.name = " ".into(), "name:"),
            (|r| r.email = "anna".into(), "email:"),
            (|r| r.postal_code = "12345".into(), "postal_code:"),
            (|r| r.privacy_consent = false, "privacy_consent:"),
            (|r| r.invoice_city = Some("Zeist".into()), "invoice_street:"),
        ];
        for (change, field) in cases {
            let mut r = registration();
            change(&mut r);
            let err = validate_registration(&r).unwrap_err();
            assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(err.message.starts_with(field), "{field}: {}", err.message);
        }
    }
}
