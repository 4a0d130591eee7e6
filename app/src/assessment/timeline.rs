//! The candidate's timeline on the home page: each submission, where it
//! stands and who acts next.

use super::api;
use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use shared::api::submissions::{SubmissionList, SubmissionSummary};
use shared::assessment::{NextActor, Stage};

/// The path as steps, for the timeline; the current one is marked.
fn steps(s: &SubmissionSummary) -> Vec<(Stage, &'static str)> {
    let mut out = vec![
        (Stage::Submitted, "Ingediend"),
        (Stage::Judging, "Beoordeling door de assessoren"),
    ];
    if s.kind.has_interview() {
        out.push((Stage::InterviewPlanned, "Toetsgesprek"));
    }
    out.push((Stage::Advised, "Advies"));
    out.push((Stage::Decided, "Besluit van de certificerende instelling"));
    out
}

#[component]
pub fn Timeline(submission: SubmissionSummary) -> impl IntoView {
    let now = submission.status;
    let items = steps(&submission)
        .into_iter()
        .map(|(stage, label)| {
            let state = if stage < now || now == Stage::Decided {
                "gedaan"
            } else if stage == now
                || (stage == Stage::Judging && now < Stage::Sealed && now > Stage::Submitted)
            {
                "nu"
            } else {
                "nog niet"
            };
            view! {
                <li class="timeline-step" data-state=state>
                    <span>{label}</span>
                    <span class="visually-hidden">{format!(" ({state})")}</span>
                </li>
            }
        })
        .collect_view();
    let next = match submission.next {
        NextActor::Nobody => "Afgerond.".to_string(),
        who => format!("Aan de beurt: {}.", who.label()),
    };
    view! {
        <div class="timeline" data-testid="timeline">
            <p>
                <strong>{submission.kind.label()}</strong>
                {format!(", versie {}: {}.", submission.version, submission.status.label())}
            </p>
            <ol class="timeline-steps">{items}</ol>
            <p data-testid="next-actor">{next}</p>
            {submission.late.map(|l| view! { <p class="notice">{l.message}</p> })}
            <p><a href=format!("/beoordeling?id={}", submission.id)>"Bekijk de beoordeling"</a></p>
        </div>
    }
}

/// On the home page: the person's submissions, when they have any.
#[component]
pub fn MySubmissions() -> impl IntoView {
    let auth = use_auth();
    // Asked once someone is signed in; nothing when signed out.
    let list = LocalResource::new(move || async move {
        match auth.get() {
            AuthState::SignedIn(_) => api::get::<SubmissionList>("/api/submissions").await.ok(),
            _ => None,
        }
    });
    let own = move || {
        let me = auth.me()?;
        let own: Vec<SubmissionSummary> = list
            .get()
            .flatten()?
            .submissions
            .into_iter()
            .filter(|s| s.candidate.id == me.id)
            .collect();
        (!own.is_empty()).then(|| {
            view! {
                <section class="panel" aria-labelledby="mijn-indieningen-titel">
                    <h2 id="mijn-indieningen-titel">"Mijn beoordeling"</h2>
                    {own.into_iter().map(|s| view! { <Timeline submission=s/> }).collect_view()}
                </section>
            }
        })
    };
    // No fallback: the home page shows the panel only when there is one.
    view! { <Suspense fallback=|| ()>{own}</Suspense> }
}
