//! `/ondertekenen#token=…`: where a signing link lands. The signer has no
//! account: they see the candidate's name and the declaration's exact text
//! (nothing else of the portfolio), and sign by typing their name or
//! decline with a reason. The token stays in the fragment, so the page
//! request never carries it.

use leptos::prelude::*;
use shared::api::declarations::PublicDeclaration;

// `Open` and `Done` are reached in the browser only.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Loading,
    Open(PublicDeclaration),
    Done(String),
    Failed(String),
}

#[component]
pub fn SigningPage() -> impl IntoView {
    let stage = RwSignal::new(Stage::Loading);
    let token = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(found) = crate::auth::fragment_token() else {
            stage.set(Stage::Failed(
                "Deze pagina werkt alleen met een ondertekenlink.".into(),
            ));
            return;
        };
        token.set(Some(found.clone()));
        load(found, stage);
    });
    view! {
        <section class="panel narrow signing">
            <h1>"Verklaring ondertekenen"</h1>
            {move || match stage.get() {
                Stage::Loading => view! { <p role="status">"De verklaring wordt opgehaald…"</p> }.into_any(),
                Stage::Failed(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Stage::Done(message) => view! { <p role="status" data-testid="signing-done">{message}</p> }.into_any(),
                Stage::Open(declaration) => view! { <Open declaration token stage/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Open(
    declaration: PublicDeclaration,
    token: RwSignal<Option<String>>,
    stage: RwSignal<Stage>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |what: &'static str| {
        let Some(token) = token.get_untracked() else {
            return;
        };
        let (field, value, empty) = match what {
            "sign" => (
                "name",
                name.get_untracked(),
                "Typ je naam om te ondertekenen.",
            ),
            _ => (
                "reason",
                reason.get_untracked(),
                "Geef een reden om te weigeren.",
            ),
        };
        if value.trim().is_empty() {
            error.set(Some(empty.into()));
            return;
        }
        error.set(None);
        busy.set(true);
        answer(token, what, field, value, busy, error, stage);
    };
    view! {
        <p>
            <strong>{declaration.candidate_name.clone()}</strong>
            " vraagt je deze verklaring te ondertekenen voor het portfolio Register Jobcoach."
        </p>
        <div class="declaration-text" data-testid="declaration-text">
            <h2>{declaration.title.clone()}</h2>
            {declaration
                .text
                .split("\n\n")
                .skip(1)
                .map(|p| view! { <p>{p.to_owned()}</p> })
                .collect_view()}
        </div>
        <p class="hint">
            {format!("Controlecode van deze tekst (SHA-256): {}", declaration.text_sha256)}
        </p>
        <form class="signing-form" on:submit=move |ev| { ev.prevent_default(); submit("sign"); }>
            <div class="field">
                <label for="ondertekenen-naam">"Je naam (zoals je ondertekent)"</label>
                <input id="ondertekenen-naam" type="text" autocomplete="name" required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <p class="hint">"Met ‘Ondertekenen’ verklaar je dat de tekst hierboven juist is. Je naam, het tijdstip en deze tekst worden vastgelegd."</p>
            <button type="submit" class="button" disabled=move || busy.get()>"Ondertekenen"</button>
        </form>
        <details class="signing-decline">
            <summary>"Klopt de verklaring niet? Weigeren"</summary>
            <form on:submit=move |ev| { ev.prevent_default(); submit("decline"); }>
                <div class="field">
                    <label for="ondertekenen-reden">"Reden (de kandidaat ziet deze)"</label>
                    <textarea id="ondertekenen-reden" rows="3" required
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button secondary" disabled=move || busy.get()>"Weigeren"</button>
            </form>
        </details>
        <p class="form-error" role="alert">{move || error.get()}</p>
    }
}

#[cfg(feature = "hydrate")]
fn load(token: String, stage: RwSignal<Stage>) {
    leptos::task::spawn_local(async move {
        let path = format!("/api/declarations/{token}");
        let answer = crate::portfolio::api::call::<(), PublicDeclaration>("GET", &path, None).await;
        stage.set(match answer {
            Ok((_, declaration)) => Stage::Open(declaration),
            Err(e) => Stage::Failed(e.message()),
        });
    });
}

#[cfg(not(feature = "hydrate"))]
fn load(_token: String, _stage: RwSignal<Stage>) {}

#[cfg(feature = "hydrate")]
fn answer(
    token: String,
    what: &'static str,
    field: &'static str,
    value: String,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    stage: RwSignal<Stage>,
) {
    use shared::api::declarations::{DeclineDeclaration, SignDeclaration, SigningDone};
    leptos::task::spawn_local(async move {
        let path = format!("/api/declarations/{token}/{what}");
        let result = if field == "name" {
            crate::portfolio::api::call::<_, SigningDone>(
                "POST",
                &path,
                Some(&SignDeclaration { name: value }),
            )
            .await
        } else {
            crate::portfolio::api::call::<_, SigningDone>(
                "POST",
                &path,
                Some(&DeclineDeclaration { reason: value }),
            )
            .await
        };
        busy.set(false);
        match result {
            Ok((_, done)) => stage.set(Stage::Done(done.message)),
            Err(e) => error.set(Some(e.message())),
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn answer(
    _token: String,
    _what: &'static str,
    _field: &'static str,
    _value: String,
    busy: RwSignal<bool>,
    _error: RwSignal<Option<String>>,
    _stage: RwSignal<Stage>,
) {
    busy.set(false);
}
