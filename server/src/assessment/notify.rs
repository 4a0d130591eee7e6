//! E-mail to those concerned by each step (or, without SMTP, the log and
//! the outbox, as every mail today). Sent after the step committed; a mail
//! that fails is logged by the mailer and never undoes the step.

use crate::auth::accounts;
use crate::db::Db;
use crate::state::AppState;
use shared::assessment::{Command, Outcome, Stage, CERTIFICATION_FEE_NOTICE};
use shared::rules::dutch_date;
use uuid::Uuid;

use super::store::Submission;

const KIND: &str = "assessment";

/// Every account with the certifier role.
pub async fn certifiers(db: &Db) -> Result<Vec<Uuid>, sqlx::Error> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT user_id FROM user_roles WHERE role = 'certifier'")
            .fetch_all(&db.pool)
            .await?;
    Ok(ids.iter().filter_map(|i| Uuid::parse_str(i).ok()).collect())
}

async fn send(state: &AppState, to: &[Uuid], subject: &str, body: &str) {
    for id in to {
        match accounts::find(&state.db, *id).await {
            Ok(Some(account)) => {
                state
                    .mailer
                    .send_text(&account.email, subject, body, KIND)
                    .await;
            }
            Ok(None) => {}
            Err(err) => tracing::error!(error = %err, "recipient of an assessment mail"),
        }
    }
}

fn link(state: &AppState, s: &Submission) -> String {
    format!("{}/beoordeling?id={}", state.public_origin, s.id)
}

pub async fn submitted(state: &AppState, s: &Submission) {
    let mut body = format!(
        "Je portfolio is ingediend (versie {}).\n\nKenmerk (SHA-256 van het manifest): {}\n\n{}\n",
        s.version,
        s.manifest_sha256,
        link(state, s)
    );
    if let Some(late) = &s.late {
        body.push_str(&format!("\nLet op: {}\n", late.message));
    }
    body.push_str(&format!("\n{CERTIFICATION_FEE_NOTICE}\n"));
    send(state, &[s.candidate], "Portfolio ingediend", &body).await;
    let certifiers = certifiers(&state.db).await.unwrap_or_default();
    send(
        state,
        &certifiers,
        "Nieuw portfolio ingediend",
        &format!(
            "Er is een portfolio ingediend ({}). Wijs de assessoren toe:\n{}\n",
            s.kind.label(),
            link(state, s)
        ),
    )
    .await;
}

/// After a step: who hears of it depends on what happened.
pub async fn after_step(state: &AppState, before: Stage, s: &Submission, command: &Command) {
    let url = link(state, s);
    let assessors = s.assessor_ids();
    let certifiers = certifiers(&state.db).await.unwrap_or_default();
    let candidate = [s.candidate];
    let a = &s.state;
    match command {
        Command::Assign { .. } => {
            send(
                state,
                &assessors,
                "Portfolio toegewezen",
                &format!(
                    "Je bent toegewezen als assessor van een portfolio ({}). Verklaar eerst dat er \
                     geen belangenverstrengeling is; daarna opent het portfolio.\n{url}\n",
                    s.kind.label()
                ),
            )
            .await;
            send(
                state,
                &candidate,
                "Assessoren toegewezen",
                &format!("Je portfolio wordt beoordeeld.\n{url}\n"),
            )
            .await;
        }
        Command::Seal { .. } if before != a.stage => {
            let body = if a.stage == Stage::Advised {
                format!("Het oordeel is vastgelegd; het advies wacht op een besluit.\n{url}\n")
            } else {
                format!("Alle assessoren hebben hun oordeel vastgelegd.\n{url}\n")
            };
            send(state, &assessors, "Oordelen vastgelegd", &body).await;
            if a.stage == Stage::Advised {
                send(state, &certifiers, "Advies uitgebracht", &body).await;
            }
        }
        Command::OfferSlots { .. } => {
            send(
                state,
                &candidate,
                "Kies een moment voor je toetsgesprek",
                &format!(
                    "De assessoren bieden momenten aan voor het toetsgesprek (30 minuten). Kies \
                     er een:\n{url}\n"
                ),
            )
            .await;
        }
        Command::PickSlot { .. } => {
            let ics = format!(
                "{}/api/submissions/{}/interview.ics",
                state.public_origin, s.id
            );
            let when = a
                .interview
                .as_ref()
                .and_then(|i| i.chosen_slot())
                .map(|slot| {
                    format!(
                        "{} UTC, {}",
                        chrono::DateTime::<chrono::Utc>::from_timestamp(slot.starts_at, 0)
                            .unwrap_or_default()
                            .format("%Y-%m-%d %H:%M"),
                        slot.place.describe()
                    )
                })
                .unwrap_or_default();
            let body = format!(
                "Het toetsgesprek is gepland: {when}.\nAgenda-uitnodiging (.ics): {ics}\n{url}\n"
            );
            let mut all = assessors.clone();
            all.push(s.candidate);
            send(state, &all, "Toetsgesprek gepland", &body).await;
        }
        Command::RecordJointAdvice { .. } => {
            send(
                state,
                &certifiers,
                "Advies uitgebracht",
                &format!("De assessoren hebben hun advies uitgebracht.\n{url}\n"),
            )
            .await;
        }
        Command::Decide { .. } => {
            let Some(d) = &a.decision else { return };
            let mut body = format!("Besluit over je portfolio: {}.\n", d.outcome.label());
            if d.outcome == Outcome::Uitgesteld {
                body.push_str(&format!(
                    "Vul aan: {}; uiterlijk {}.\n",
                    d.sections.join(", "),
                    d.deadline.map(dutch_date).unwrap_or_default()
                ));
            }
            if !d.motivation.is_empty() {
                body.push_str(&format!("Motivering: {}\n", d.motivation));
            }
            if d.outcome != Outcome::Positief {
                body.push_str(&format!(
                    "Bezwaar kan tot en met {}.\n",
                    dutch_date(shared::assessment::objection_deadline(d.decided_on))
                ));
            }
            body.push_str(&format!("{url}\n"));
            send(state, &candidate, "Besluit over je portfolio", &body).await;
            send(state, &assessors, "Besluit genomen", &body).await;
        }
        Command::LodgeObjection { .. } => {
            send(
                state,
                &certifiers,
                "Bezwaar ontvangen",
                &format!("Er is bezwaar gemaakt tegen een besluit.\n{url}\n"),
            )
            .await;
            send(
                state,
                &candidate,
                "Bezwaar ontvangen",
                &format!("Je bezwaar is ontvangen.\n{url}\n"),
            )
            .await;
        }
        Command::StartObjection | Command::ResolveObjection { .. } => {
            let status = a
                .objection
                .as_ref()
                .or_else(|| a.earlier_rounds.last().and_then(|r| r.objection.as_ref()))
                .map(|o| o.status.label())
                .unwrap_or_default();
            send(
                state,
                &candidate,
                "Je bezwaar",
                &format!("Je bezwaar: {status}.\n{url}\n"),
            )
            .await;
        }
        _ => {}
    }
}
