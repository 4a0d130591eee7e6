//! `/beoordeling?id=<submission>`: one submission as the person sees it
//! (the server's projection for them): where it stands, the manifest's
//! SHA-256, the snapshot section by section, and the panel for what this
//! person does next (assessor, certifier or candidate).

use super::{api, section_title, timeline::Timeline};
use crate::auth::session::use_auth;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::submissions::{SubmissionDetail, SubmissionResponse};
use shared::files::human_size;
use shared::framework::framework;
use shared::readable::plain;

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let id = Memo::new(move |_| query.with(|q| q.get("id")).unwrap_or_default());
    // Online-only: read from the server each time, never kept in the browser.
    let loaded = LocalResource::new(move || {
        let path = format!("/api/submissions/{}", id.get());
        async move {
            api::get::<SubmissionResponse>(&path)
                .await
                .map(|r| r.submission)
                .map_err(|e| e.message)
        }
    });
    // Each step answers with the submission as it now stands, which
    // replaces what was loaded (no second request).
    let stepped = RwSignal::new(None::<SubmissionDetail>);
    let set = Callback::new(move |d: SubmissionDetail| stepped.set(Some(d)));
    let detail = move || {
        let id = id.get();
        match stepped.get().filter(|d| d.submission.id == id) {
            Some(d) => Some(Ok(d)),
            None => loaded.get(),
        }
    };
    let loading = || view! { <section class="panel"><p role="status">"De beoordeling wordt geladen…"</p></section> };
    let page = move || {
        let d = match detail() {
            None => return loading().into_any(),
            Some(Err(m)) => {
                return view! { <section class="panel"><p role="alert">{m}</p></section> }
                    .into_any()
            }
            Some(Ok(d)) => d,
        };
        // Which panel depends on who is looking: wait for the session
        // rather than show (and fetch for) the wrong one meanwhile.
        let Some(viewer) = auth.me() else {
            return loading().into_any();
        };
        let me = viewer.id.clone();
        let is_certifier = viewer.roles.contains(&shared::domain::Role::Certifier);
        let is_assessor = d.assessment.assessors.iter().any(|a| a.id == me);
        let is_candidate = d.submission.candidate.id == me;
        let panel = if is_assessor {
            view! { <super::assessor::AssessorPanel detail=d.clone() me=me.clone() set/> }
                .into_any()
        } else if is_candidate {
            view! { <super::candidate::CandidatePanel detail=d.clone() set/> }.into_any()
        } else if is_certifier {
            view! { <super::certifier::CertifierPanel detail=d.clone() set/> }.into_any()
        } else {
            ().into_any()
        };
        let kind = d.submission.portfolio_kind;
        view! {
            <section class="panel" aria-labelledby="beoordeling-titel">
                <h1 id="beoordeling-titel">{format!("Beoordeling: {}", d.submission.candidate.name)}</h1>
                <Timeline submission=d.submission.clone()/>
                <p>"Kenmerk (SHA-256 van het manifest): "<code class="hash" data-testid="manifest-sha">{d.submission.manifest_sha256.clone()}</code></p>
                // The archival PDF is the snapshot: offered to whoever may
                // read the snapshot (an assessor after "geen
                // belangenverstrengeling").
                {d.snapshot.is_some().then(|| view! {
                    <p><a href=format!("/api/submissions/{}/pdf", d.submission.id) download="">"Dossier downloaden (PDF/A, met de bewijsstukken)"</a></p>
                })}
                // The certificate document is its holder's and the
                // certifying body's, not the assessors'.
                {d.certificate.clone().filter(|_| !is_assessor).map(|c| view! {
                    <p><a href=format!("/api/certificates/{}/pdf", c.certificate_number) download="">"Certificaat downloaden (PDF)"</a></p>
                })}
                {(!d.assessors.is_empty()).then(|| view! {
                    <p>{format!("Assessoren: {}.", d.assessors.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", "))}</p>
                })}
                {(!d.changed_sections.is_empty()).then(|| view! {
                    <p class="notice">{format!("Gewijzigd sinds de vorige versie: {}.", d.changed_sections.join(", "))}</p>
                })}
                {d.certificate.clone().map(|c| view! {
                    <p class="notice" data-testid="certificate">{format!("Certificaat {} afgegeven op {}, geldig tot en met {}.", c.certificate_number, c.issue_date, c.expiry_date)}</p>
                })}
                {d.interview_ics.clone().map(|ics| view! {
                    <p><a class="button" download="toetsgesprek.ics"
                        href=format!("data:text/calendar;charset=utf-8,{}", js_escape(&ics))>"Agenda-uitnodiging (.ics)"</a></p>
                })}
                <p class="muted">{d.fee_notice.clone()}</p>
            </section>
            {panel}
            {d.snapshot.clone().map(|snap| {
                let pid = shared::sync::PortfolioId("snapshot".into());
                let replica = snap.replica(&pid);
                let judged = d.assessment.judged_sections.clone();
                view! {
                    <section class="panel" aria-labelledby="portfolio-inhoud-titel">
                        <h2 id="portfolio-inhoud-titel">"Het ingediende portfolio"</h2>
                        <div class="button-row no-print">
                            <button type="button" class="button secondary" on:click=print_all>"Afdrukken (A4)"</button>
                        </div>
                        {framework(kind).sections.iter().filter(|s| judged.iter().any(|c| c == s.code)).map(|s| {
                            // The same words as the archival PDF (shared::readable):
                            // a value or row as "Label: waarde", every row in full.
                            let answers = s.questions().map(|q| {
                                let text = replica.text(&pid, q.key).to_string();
                                let value = replica.json(&pid, q.key).map(plain);
                                let rows: Vec<String> = replica.items(&pid, q.key).into_iter().map(|(_, row)| plain(row)).collect();
                                let shown = if !text.is_empty() {
                                    view! { {text} }.into_any()
                                } else if !rows.is_empty() {
                                    view! {
                                        {value.map(|v| view! { <p>{v}</p> })}
                                        <ol class="answer-rows">{rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ol>
                                    }.into_any()
                                } else if let Some(v) = value {
                                    view! { {v} }.into_any()
                                } else {
                                    view! { "—" }.into_any()
                                };
                                view! { <dt>{q.text}</dt><dd class="answer">{shown}</dd> }
                            }).collect_view();
                            let files = snap.evidence(kind).into_iter()
                                .filter(|f| shared::assessment::submit::section_of(kind, &f.slot.key) == Some(s.code))
                                .map(|f| view! {
                                    <li>{format!("{} ({}) ", f.name, human_size(f.size))}
                                        <span class="hash-label">"SHA-256 "</span><code class="hash">{f.sha256.to_string()}</code></li>
                                }).collect_view();
                            view! {
                                <details class="snapshot-section">
                                    <summary>{section_title(kind, s.code)}</summary>
                                    <dl>{answers}</dl>
                                    <ul>{files}</ul>
                                </details>
                            }
                        }).collect_view()}
                    </section>
                }
            })}
        }
        .into_any()
    };
    view! { <Suspense fallback=loading>{page}</Suspense> }
}

/// Opens every section, then prints: a closed `<details>` prints closed,
/// and on paper the whole portfolio is wanted.
fn print_all(_: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        let doc = document();
        if let Ok(sections) = doc.query_selector_all("details.snapshot-section") {
            for i in 0..sections.length() {
                if let Some(el) = sections
                    .item(i)
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
                {
                    let _ = el.set_attribute("open", "");
                }
            }
        }
        let _ = window().print();
    }
}

/// Percent-encodes text for a `data:` URL.
fn js_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
