//! `/indienen?id=<portfolio>`: "Portfolio indienen". The button is enabled
//! when the checklist is complete over what the server has (the same
//! `shared::assessment::readiness` the server runs on submit) and nothing
//! waits to be sent; the candidate confirms the closing declaration.

use super::api;
use crate::portfolio::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::submissions::{SubmitRequest, SubmitResponse, CLOSING_DECLARATION};
use shared::assessment::{readiness, Readiness, Snapshot, CERTIFICATION_FEE_NOTICE};
use shared::sync::PortfolioId;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let store = use_store();
    let query = use_query_map();
    let id = Memo::new(move |_| query.with(|q| q.get("id")).unwrap_or_default());
    let confirmed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<SubmitResponse>);
    // What the server holds of this portfolio (its last known states), so
    // the check is the one the server will make.
    let ready = Memo::new(move |_| -> Option<(Readiness, usize)> {
        let pid = PortfolioId(id.get());
        let kind = store.portfolio_kind(&pid)?;
        store.read(|r| {
            let fields: Vec<_> = r
                .server_states()
                .filter(|(f, _)| f.portfolio_id == pid)
                .map(|(f, s)| (f.target.clone(), s.value.clone()))
                .collect();
            let conflicts = r
                .server_states()
                .filter(|(f, _)| f.portfolio_id == pid)
                .map(|(_, s)| s.conflicts.len())
                .sum();
            let snapshot = Snapshot::from_fields(fields.iter().map(|(t, v)| (t, v)));
            // No date on the server: the page fills it in after hydration.
            let today = crate::components::today::today().unwrap_or_default();
            (
                readiness(kind, &snapshot, conflicts, today, |_| true),
                r.pending_count(),
            )
        })
    });
    let can_submit = move || {
        confirmed.get()
            && !busy.get()
            && ready
                .get()
                .is_some_and(|(r, pending)| r.complete() && pending == 0)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let path = format!("/api/portfolios/{}/submit", id.get_untracked());
        leptos::task::spawn_local(async move {
            match api::post::<_, SubmitResponse>(&path, &SubmitRequest { declaration: true }).await
            {
                Ok(r) => done.set(Some(r)),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let checklist = move || {
        ready.get().map(|(r, pending)| {
            view! {
                {(pending > 0).then(|| view! {
                    <p class="notice">{format!("Nog {pending} wijziging(en) niet opgeslagen op de server. Wacht tot alles is opgeslagen.")}</p>
                })}
                {if r.missing.is_empty() {
                    view! { <p data-testid="ready">"Je portfolio is compleet."</p> }.into_any()
                } else {
                    view! {
                        <h2>"Wat nog ontbreekt"</h2>
                        <ul data-testid="missing">
                            {r.missing.into_iter().map(|m| view! { <li>{m.message}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }
        })
    };
    move || {
        if let Some(r) = done.get() {
            let s = r.submission;
            return view! {
                <section class="panel" aria-labelledby="ingediend-titel">
                    <h1 id="ingediend-titel">"Portfolio ingediend"</h1>
                    <p role="status">{format!("{}, versie {}.", s.kind.label(), s.version)}</p>
                    <p>"Kenmerk (SHA-256 van het manifest): "<code class="hash">{s.manifest_sha256.clone()}</code></p>
                    {s.late.map(|l| view! { <p class="notice">{l.message}</p> })}
                    <p>{CERTIFICATION_FEE_NOTICE}</p>
                    <p><a class="button" href=format!("/beoordeling?id={}", s.id)>"Bekijk de beoordeling"</a></p>
                </section>
            }
            .into_any();
        }
        view! {
            <section class="panel" aria-labelledby="indienen-titel">
                <h1 id="indienen-titel">"Portfolio indienen"</h1>
                {checklist}
                <p>{CERTIFICATION_FEE_NOTICE}</p>
                <form class="form" on:submit=submit>
                    <div class="field checkbox">
                        <input id="slotverklaring" type="checkbox"
                            prop:checked=move || confirmed.get()
                            on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                        <label for="slotverklaring">{CLOSING_DECLARATION}</label>
                    </div>
                    <button type="submit" class="button" disabled=move || !can_submit()>"Portfolio indienen"</button>
                    {move || error.get().map(|m| view! { <p role="alert">{m}</p> })}
                </form>
            </section>
        }
        .into_any()
    }
}
