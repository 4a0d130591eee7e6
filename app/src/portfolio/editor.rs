//! The editor page: every section and question of the portfolio's
//! framework, a section list beside it on wide screens, the live checklist
//! and the sync status.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::framework::{framework, PortfolioKind, Section};
use shared::portfolio::{CERTIFICATE_END_DATE_KEY, ROUTE_KEY};
use shared::rules::route::Route;
use shared::sync::PortfolioId;
use shared::Status;

use super::declaration::provide_signing;
use super::new_portfolio::{EndDateField, MyPortfolios, RouteFields};
use super::question::QuestionField;
use super::store::use_store;
use super::sync_status::SyncStatus;
use crate::components::today::today;
use shared::checklist::{certificate_end_date, evaluate_with, route_request, Checklist};

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let store = use_store();
    let query = use_query_map();
    let id = Memo::new(move |_| query.with(|q| q.get("id")).filter(|id| !id.is_empty()));
    // Memos, so that an edit (which changes the whole local state) does not
    // re-render the editor and take the focus from the field being typed in.
    let kind = Memo::new(move |_| {
        id.get()
            .and_then(|id| store.portfolio_kind(&PortfolioId(id)))
    });
    let signed_out = Memo::new(move |_| store.user.with(Option::is_none));
    move || {
        if !store.ready.get() {
            return view! { <EditorPlaceholder/> }.into_any();
        }
        if signed_out.get() {
            return view! {
                <section class="panel">
                    <h1>"Mijn portfolio"</h1>
                    <p>"Log in om aan je portfolio te werken. "<a href="/inloggen">"Inloggen"</a></p>
                </section>
            }
            .into_any();
        }
        match id.get() {
            None => view! { <MyPortfolios heading_level=1/> }.into_any(),
            Some(id) => {
                let pid = PortfolioId(id);
                match kind.get() {
                    Some(kind) => view! { <Editor pid kind/> }.into_any(),
                    None => view! {
                        <section class="panel">
                            <h1>"Portfolio niet gevonden"</h1>
                            <p>"Dit portfolio staat niet op dit apparaat. Als je verbinding hebt, wordt het opgehaald."</p>
                            <SyncStatus/>
                            <p><a href="/portfolio">"Naar mijn portfolio's"</a></p>
                        </section>
                    }
                    .into_any(),
                }
            }
        }
    }
}

/// What people read first, the same in the server's HTML, before the
/// replica is loaded and in the editor: the page's heading and what the
/// editor does with their text. It is the same for every portfolio (the
/// service worker's one copy of this page starts any of them offline).
const INTRO: &str = "Wat je hier schrijft, wordt meteen op dit apparaat bewaard en \
    gesynchroniseerd met de server zodra je verbinding hebt; je kunt dus ook zonder internet \
    verder. Kies hieronder een onderdeel. De checklist laat zien wat er nog ontbreekt voordat \
    je je portfolio kunt indienen.";

/// The server's rendering of the editor (and the browser's until the
/// replica is loaded): the editor's head in the places the editor puts it,
/// and the room for the rest reserved, so nothing read moves when the
/// editor fills in (CLS 0).
#[component]
fn EditorPlaceholder() -> impl IntoView {
    view! {
        <div class="editor editor-loading">
            <header class="editor-head">
                // The kind and framework version take this line.
                <p class="editor-kind" aria-hidden="true">"\u{a0}"</p>
                <h1>"Mijn portfolio"</h1>
                <p class="editor-intro">{INTRO}</p>
                <div class="sync-status"><p role="status">"Je portfolio wordt geladen…"</p></div>
            </header>
            <div class="editor-placeholder"></div>
        </div>
    }
}

fn kind_label(kind: PortfolioKind) -> &'static str {
    match kind {
        PortfolioKind::Initial => "Initiële certificering",
        PortfolioKind::Recertification => "Hercertificering",
    }
}

pub fn section_anchor(code: &str) -> String {
    format!("sectie-{}", code.to_lowercase().replace('.', "-"))
}

#[component]
fn Editor(pid: PortfolioId, kind: PortfolioKind) -> impl IntoView {
    let store = use_store();
    // The mentors' comments on this portfolio, kept for offline reading.
    super::comments::provide_comments(pid.clone());
    let fw = framework(kind);
    let signing = provide_signing(pid.clone());
    let checklist = {
        let pid = pid.clone();
        Memo::new(move |_| {
            signing
                .requests
                .with(|requests| store.read(|r| evaluate_with(kind, r, &pid, today(), requests)))
        })
    };
    let refused = {
        let pid = pid.clone();
        move || {
            store.state.with(|s| {
                s.as_ref()
                    .and_then(|s| s.portfolio(&pid))
                    .and_then(|p| p.refused.clone())
            })
        }
    };
    let parked = {
        let pid = pid.clone();
        move || {
            store.state.with(|s| {
                s.as_ref()
                    .and_then(|s| s.portfolio(&pid))
                    .and_then(|p| p.parked.clone())
            })
        }
    };
    let retry = {
        let pid = pid.clone();
        move |_| {
            let _ = store.edit(|s| {
                if let Some(p) = s.portfolios.iter_mut().find(|p| p.id == pid) {
                    p.parked = None;
                }
                Ok(())
            });
        }
    };
    let discard = {
        let pid = pid.clone();
        move |_| {
            let _ = store.edit(|s| {
                let _ = s.discard_portfolio(&pid);
                Ok(())
            });
            store.flush();
        }
    };
    view! {
        <div class="editor">
            <header class="editor-head">
                <p class="editor-kind">{format!("{} · {}", kind_label(kind), fw.version)}</p>
                <h1>"Mijn portfolio"</h1>
                <p class="editor-intro">{INTRO}</p>
                <SyncStatus/>
                {move || refused().map(|reason| view! {
                    <div class="notice error">
                        <p>{format!("Dit portfolio kon niet op de server worden aangemaakt: {reason} Wat je hier schreef staat alleen op dit apparaat; kopieer wat je wilt bewaren naar je andere portfolio.")}</p>
                        <button type="button" class="button secondary" on:click=discard.clone()>"Dit concept van dit apparaat verwijderen"</button>
                    </div>
                })}
                {move || parked().map(|reason| view! {
                    <div class="notice error" role="alert" data-testid="parked">
                        <p>{format!("De wijzigingen van dit portfolio worden niet opgeslagen op de server. {reason} Je andere portfolio's synchroniseren gewoon.")}</p>
                        <button type="button" class="button secondary" on:click=retry.clone()>"Opnieuw proberen"</button>
                    </div>
                })}
            </header>
            <div class="editor-layout">
                <nav class="section-nav" aria-label="Onderdelen van je portfolio">
                    <ol>
                        {fw.sections.iter().enumerate().map(|(i, section)| {
                            let state = move || checklist.with(|c| c.as_ref().and_then(|c| c.sections.get(i).cloned()));
                            view! {
                                <li>
                                    <a href=format!("#{}", section_anchor(section.code))>
                                        <span class="nav-code">{section.code}</span>
                                        <span class="nav-title">{section.title}</span>
                                        <span class="nav-progress">{move || state().map(|s| {
                                            if s.exempt { "vrijgesteld".to_string() } else { format!("{}/{}", s.answered, s.total) }
                                        })}</span>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </nav>
                <div class="editor-main">
                    <ChecklistPanel checklist/>
                    {match kind {
                        PortfolioKind::Initial => view! { <RoutePanel pid=pid.clone()/> }.into_any(),
                        PortfolioKind::Recertification => view! { <EndDatePanel pid=pid.clone()/> }.into_any(),
                    }}
                    {fw.sections.iter().enumerate().map(|(i, section)| view! {
                        <SectionView pid=pid.clone() section index=i checklist/>
                    }).collect_view()}
                </div>
            </div>
        </div>
    }
}

#[component]
fn ChecklistPanel(checklist: Memo<Option<Checklist>>) -> impl IntoView {
    let done = move || {
        checklist.with(|c| {
            c.as_ref()
                .map_or(0, |c| c.sections.iter().filter(|s| s.done()).count())
        })
    };
    let total = move || checklist.with(|c| c.as_ref().map_or(0, |c| c.sections.len()));
    view! {
        <details class="panel checklist" data-testid="checklist">
            <summary>
                <span class="checklist-title">"Checklist"</span>
                <span>{move || format!(" · {} van {} onderdelen klaar", done(), total())}</span>
            </summary>
            <ul class="checklist-items">
                {move || checklist.get().map(|c| c.sections.into_iter().map(|s| {
                    let (mark, label) = match (&s.requirement, s.exempt, s.done()) {
                        (_, true, _) => ("exempt", "vrijgesteld".to_string()),
                        (Some(r), _, _) if r.status == Status::NotMet => ("open", "voldoet nog niet".to_string()),
                        (_, _, true) => ("done", "klaar".to_string()),
                        _ => ("open", format!("{} van {} beantwoord", s.answered, s.total)),
                    };
                    view! {
                        <li class="checklist-item" data-state=mark>
                            <a href=format!("#{}", section_anchor(s.code))>{format!("{} {}", s.code, s.title)}</a>
                            <span class="checklist-state">{format!(": {label}")}</span>
                            {s.requirement.filter(|r| r.status != Status::Exempt).map(|r| view! { <p class="checklist-message">{r.message}</p> })}
                            {(!s.exempt && !s.deliverables.deliverables.is_empty()).then(|| {
                                let d = &s.deliverables;
                                let missing: Vec<String> = d.missing().map(str::to_owned).collect();
                                view! {
                                    <p class="checklist-deliverables" data-testid=format!("deliverables-{}", s.code)>
                                        {format!("Wat aanleveren: {} van {} aanwezig", d.present(), d.deliverables.len())}
                                    </p>
                                    {(!missing.is_empty()).then(|| view! {
                                        <ul class="checklist-missing">
                                            {missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                                        </ul>
                                    })}
                                }
                            })}
                        </li>
                    }
                }).collect_view())}
            </ul>
        </details>
    }
}

#[component]
fn RoutePanel(pid: PortfolioId) -> impl IntoView {
    let store = use_store();
    let request = {
        let pid = pid.clone();
        Signal::derive(move || {
            store
                .read(|r| route_request(r, &pid))
                .flatten()
                .unwrap_or_else(super::new_portfolio::default_route)
        })
    };
    let set = Callback::new(move |req: shared::rules::route::RouteRequest| {
        if let Ok(json) = serde_json::to_value(&req) {
            let _ = store.edit_replica(|r| r.set_value(&pid, ROUTE_KEY, json));
        }
    });
    let route = move || match shared::rules::route::evaluate_route(&request.get()).route {
        Route::Shortened => "verkorte route",
        Route::Full => "volledige route",
        Route::NotEligible => "nog niet toelaatbaar",
    };
    view! {
        <details class="panel route-panel">
            <summary>{move || format!("Je route: {}", route())}</summary>
            <p class="hint">"Je antwoorden bepalen welke onderdelen je invult; vrijgestelde onderdelen zijn gemarkeerd."</p>
            <RouteFields prefix="editor-route" value=request on_change=set/>
        </details>
    }
}

#[component]
fn EndDatePanel(pid: PortfolioId) -> impl IntoView {
    let store = use_store();
    let value = {
        let pid = pid.clone();
        Signal::derive(move || store.read(|r| certificate_end_date(r, &pid)).flatten())
    };
    let set = Callback::new(move |date: chrono::NaiveDate| {
        let _ = store.edit_replica(|r| {
            r.set_value(
                &pid,
                CERTIFICATE_END_DATE_KEY,
                serde_json::json!(date.to_string()),
            )
        });
    });
    view! {
        <div class="panel">
            <EndDateField prefix="editor-einddatum" value on_change=set/>
        </div>
    }
}

#[component]
fn SectionView(
    pid: PortfolioId,
    section: &'static Section,
    index: usize,
    checklist: Memo<Option<Checklist>>,
) -> impl IntoView {
    let anchor = section_anchor(section.code);
    let title_id = format!("{anchor}-titel");
    let labelled_by = title_id.clone();
    let progress_id = format!("{anchor}-voortgang");
    let state = move || checklist.with(|c| c.as_ref().and_then(|c| c.sections.get(index).cloned()));
    let exempt = move || state().is_some_and(|s| s.exempt);
    let answered = move || state().map_or(0, |s| s.answered);
    let total = section.questions().count();
    let pid_q = pid.clone();
    view! {
        <section id=anchor class="panel editor-section" class:exempt=exempt aria-labelledby=labelled_by>
            <h2 id=title_id>
                <span class="section-code">{section.code}</span>" "{section.title}
                {move || exempt().then(|| view! { <span class="exempt-badge">" Vrijgesteld"</span> })}
            </h2>
            <Show
                when=move || !exempt()
                fallback=move || view! {
                    <p class="hint">{move || state().and_then(|s| s.requirement).map(|r| r.message).unwrap_or_else(|| "Je route stelt je vrij van dit onderdeel; je hoeft het niet in te vullen.".into())}</p>
                }
            >
                <p class="criterion">{section.criterion}</p>
                <div class="section-progress">
                    <progress max=total value=answered aria-labelledby=progress_id.clone()></progress>
                    <span id=progress_id.clone()>{move || format!("{} van {total} beantwoord", answered())}</span>
                </div>
                {move || state().and_then(|s| s.requirement).filter(|r| r.status != Status::Exempt).map(|r| view! {
                    <p class="rule-result" class:met=r.status == Status::Met>{r.message}</p>
                })}
                {section.questions.iter().map(|q| view! { <QuestionField pid=pid_q.clone() question=q/> }).collect_view()}
                {section.parts.iter().map(|part| {
                    let pid = pid_q.clone();
                    view! {
                        <div class="part">
                            <h3>{part.title}</h3>
                            {part.criterion.map(|c| view! { <p class="criterion">{c}</p> })}
                            {(!part.indicators.is_empty()).then(|| view! {
                                <details class="indicators">
                                    <summary>"Indicatoren"</summary>
                                    <ul>{part.indicators.iter().map(|i| view! { <li>{*i}</li> }).collect_view()}</ul>
                                </details>
                            })}
                            {part.questions.iter().map(|q| view! { <QuestionField pid=pid.clone() question=q/> }).collect_view()}
                        </div>
                    }
                }).collect_view()}
            </Show>
        </section>
    }
}
