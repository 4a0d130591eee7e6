//! `/register`: the public register of Register Jobcoaches with a valid
//! certificate, searchable by name or city. No login.

use super::date;
use crate::auth::api;
use leptos::prelude::*;
use shared::api::administration::{RegisterEntry as Entry, RegisterSearch};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let entries = RwSignal::new(None::<Vec<Entry>>);
    let error = RwSignal::new(None::<String>);
    let searched = RwSignal::new(String::new());
    let search = move || {
        let q = query.get_untracked();
        error.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("/api/register?q={}", encode(&q));
            match api::get_as::<RegisterSearch>(&path).await {
                Ok(found) => {
                    searched.set(q);
                    entries.set(Some(found.entries));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="hero">
            <h1>"Beroepsregister Register Jobcoach"</h1>
            <p class="lead">
                "Zoek een Register Jobcoach op naam of plaats. Het register toont alleen wie vandaag een geldig certificaat heeft."
            </p>
        </section>
        <section class="panel">
            <form class="form search-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                search();
            }>
                <div class="field">
                    <label for="zoek-register">"Naam of plaats"</label>
                    <input
                        id="zoek-register"
                        type="search"
                        maxlength="100"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </div>
                <button type="submit" class="button primary">"Zoeken"</button>
            </form>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <div aria-live="polite">
                {move || entries.get().map(|list| {
                    let count = list.len();
                    let q = searched.get();
                    view! {
                        <p class="result-count">
                            {match (count, q.trim().is_empty()) {
                                (0, true) => "Er staan geen Register Jobcoaches in het register.".to_string(),
                                (0, false) => format!("Niemand gevonden voor ‘{}’.", q.trim()),
                                (1, _) => "1 Register Jobcoach gevonden.".to_string(),
                                (n, _) => format!("{n} Register Jobcoaches gevonden."),
                            }}
                        </p>
                        <ul class="register-list">
                            {list.into_iter().map(|e| view! {
                                <li class="register-entry">
                                    <span class="register-name">{e.name}</span>
                                    <span>{e.city}</span>
                                    <span>"Certificaat "{e.certificate_number}</span>
                                    <span>"Geldig tot "{date(&e.valid_until)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </div>
        </section>
    }
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
