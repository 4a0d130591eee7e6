//! `/mentor`: the mentor's home page, the candidates who gave them access
//! with each portfolio's progress, last change and open comments. Read
//! online; nothing is kept in the browser.

use super::api;
use crate::auth::format_date;
use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use shared::domain::Role;
use shared::framework::PortfolioKind;

pub fn kind_label(kind: PortfolioKind) -> &'static str {
    match kind {
        PortfolioKind::Initial => "Initiële certificering",
        PortfolioKind::Recertification => "Hercertificering",
    }
}

#[component]
pub fn CandidatesPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <section class="panel">
            <h1>"Mijn kandidaten"</h1>
            {move || match auth.get() {
                AuthState::SignedIn(me) if me.has(Role::Mentor) => {
                    view! { <Candidates/> }.into_any()
                }
                AuthState::SignedIn(_) => view! {
                    <p>"Deze pagina is voor mentoren."</p>
                }.into_any(),
                AuthState::Checking => view! { <p role="status">"Even geduld…"</p> }.into_any(),
                _ => view! {
                    <p>"Log in om je kandidaten te zien. "<a href="/inloggen">"Inloggen"</a></p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Candidates() -> impl IntoView {
    // Online-only: the candidates are the server's, never kept here.
    let list = LocalResource::new(|| async { api::my_candidates().await.map_err(|e| e.message) });
    // The alert stays outside the Suspense so the live region exists
    // before a message is put in it.
    let error = move || list.get().and_then(Result::err);
    view! {
        <p class="field-error" role="alert">{error}</p>
        <Suspense fallback=|| ()>
        {move || list.get().and_then(Result::ok).map(|l| {
            if l.candidates.is_empty() {
                return view! {
                    <p>"Nog geen kandidaat heeft je toegang gegeven. Een kandidaat nodigt je uit vanaf de eigen startpagina."</p>
                }.into_any();
            }
            view! {
                <ul class="candidate-list" data-testid="candidates">
                    {l.candidates.into_iter().map(|c| view! {
                        <li class="candidate">
                            <h2>{c.name}</h2>
                            <p class="muted">"Toegang sinds "{format_date(c.since)}</p>
                            {if c.portfolios.is_empty() {
                                view! { <p>"Nog geen portfolio."</p> }.into_any()
                            } else {
                                view! {
                                    <ul>
                                        {c.portfolios.into_iter().map(|p| {
                                            let href = format!("/mentor/portfolio?id={}", p.portfolio.id.0);
                                            let changed = p.last_change.map_or_else(
                                                || "nog niets geschreven".to_string(),
                                                |t| format!("laatst gewijzigd {}", format_date(t)),
                                            );
                                            view! {
                                                <li>
                                                    <a href=href>{kind_label(p.portfolio.kind)}</a>
                                                    <span>{format!(
                                                        " · {} van {} vragen beantwoord · {} · {} open opmerking{}",
                                                        p.progress.answered, p.progress.total, changed,
                                                        p.open_comments, if p.open_comments == 1 { "" } else { "en" }
                                                    )}</span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
        </Suspense>
    }
}
