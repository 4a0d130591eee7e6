//! `/mijn-gegevens`: download everything the product holds about me (one
//! ZIP), the privacy statement I accepted, and "Account verwijderen",
//! confirmed with a passkey, with exactly what stays and why.

use crate::auth::api;
use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use shared::api::me_data::{
    AcceptPrivacy, ErasureChallenge, ErasureDone, ErasureFinish, ErasurePreview, PrivacyStatus,
};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let auth = use_auth();
    let erased = RwSignal::new(None::<ErasureDone>);
    view! {
        <section class="panel">
            <h1>"Mijn gegevens"</h1>
            {move || match (erased.get(), auth.get()) {
                (Some(done), _) => view! { <Erased done/> }.into_any(),
                (None, AuthState::SignedIn(_)) => view! {
                    <Download/>
                    <Privacy/>
                    <Erase erased/>
                }.into_any(),
                (None, AuthState::Checking) => view! { <p>"Even geduld…"</p> }.into_any(),
                (None, AuthState::Offline(_)) => view! {
                    <p>"Je bent offline. Je gegevens downloaden of verwijderen kan alleen met verbinding."</p>
                }.into_any(),
                (None, _) => view! {
                    <p>"Je bent niet ingelogd. "<a href="/inloggen">"Log in"</a>" om je gegevens te zien."</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Download() -> impl IntoView {
    view! {
        <h2>"Alles downloaden"</h2>
        <p>
            "Eén ZIP-bestand met alles wat het portfolio over je bewaart: je account, rollen, passkeys "
            "(zonder geheimen), sessies, je portfolio's met hun inhoud, je inschrijving, facturen en "
            "certificaten, het auditlog over jou en je bestanden. De gegevens staan in data.json; "
            "LEESMIJ.txt legt uit wat erin staat."
        </p>
        <p><a class="button primary" href="/api/me/export" download>"Mijn gegevens downloaden (ZIP)"</a></p>
    }
}

#[component]
fn Privacy() -> impl IntoView {
    let status = RwSignal::new(None::<PrivacyStatus>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match api::get_as::<PrivacyStatus>("/api/me/privacy").await {
                Ok(s) => status.set(Some(s)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    Effect::new(move |_| load());
    let accept = move |_| {
        let Some(version) = status.get_untracked().map(|s| s.current_version) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let request = AcceptPrivacy { version };
            match api::post_as::<_, PrivacyStatus>("/api/me/privacy/accept", &request).await {
                Ok(s) => status.set(Some(s)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <h2>"Privacyverklaring"</h2>
        {move || status.get().map(|s| {
            let date = crate::administration::date(&s.current_date);
            if s.must_accept {
                view! {
                    <p>"De "<a href="/privacyverklaring">"privacyverklaring"</a>" van "{date}" heb je nog niet geaccepteerd."</p>
                    <button type="button" class="button" on:click=accept>"Ik heb de privacyverklaring gelezen en accepteer die"</button>
                }.into_any()
            } else {
                view! {
                    <p>"Je hebt de "<a href="/privacyverklaring">"privacyverklaring"</a>" van "{date}" geaccepteerd."</p>
                }.into_any()
            }
        })}
        <p class="form-error" role="alert">{move || error.get()}</p>
    }
}

#[component]
fn Erase(erased: RwSignal<Option<ErasureDone>>) -> impl IntoView {
    let preview = RwSignal::new(None::<ErasurePreview>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::get_as::<ErasurePreview>("/api/me/erasure").await {
                Ok(p) => preview.set(Some(p)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let auth = use_auth();
    let confirm = move |_| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = erase().await;
            busy.set(false);
            match result {
                Ok(done) => {
                    forget_this_device(auth);
                    erased.set(Some(done));
                }
                Err(Some(message)) => error.set(Some(message)),
                Err(None) => {}
            }
        });
    };
    view! {
        <h2>"Account verwijderen"</h2>
        {move || preview.get().map(|p| view! {
            <h3>"Dit wordt verwijderd"</h3>
            <ul class="erasure-list">
                {p.removed.into_iter().map(|r| view! { <li>{r.what}</li> }).collect_view()}
            </ul>
            <h3>"Dit blijft bewaard, en waarom"</h3>
            <KeptList kept=p.kept/>
        })}
        <p>"Download je gegevens eerst als je ze wilt houden: verwijderen kan niet ongedaan worden gemaakt."</p>
        <button type="button" class="button danger" disabled=move || busy.get() on:click=confirm>
            "Account verwijderen (bevestig met je passkey)"
        </button>
        <p class="form-error" role="alert">{move || error.get()}</p>
    }
}

#[component]
fn KeptList(kept: Vec<shared::api::me_data::KeptItem>) -> impl IntoView {
    view! {
        <dl class="erasure-kept">
            {kept.into_iter().map(|k| view! {
                <dt>{k.what}{(k.count > 0).then(|| format!(" ({})", k.count))}</dt>
                <dd>{k.why}" Bewaard: "{k.until}"."</dd>
            }).collect_view()}
        </dl>
    }
}

#[component]
fn Erased(done: ErasureDone) -> impl IntoView {
    view! {
        <p role="status">"Je account is verwijderd. Je bent uitgelogd en de concepten op dit apparaat zijn gewist."</p>
        <h2>"Wat bewaard blijft"</h2>
        <KeptList kept=done.kept/>
        <p><a href="/">"Naar de startpagina"</a></p>
    }
}

/// Start, passkey, finish. `Err(None)`: the person cancelled quietly.
async fn erase() -> Result<ErasureDone, Option<String>> {
    let start: ErasureChallenge = api::post_as("/api/me/erasure/start", &api::Empty {})
        .await
        .map_err(|e| Some(e.message))?;
    let credential = passkey_answer(start.options).await?;
    let finish = ErasureFinish {
        challenge_id: start.challenge_id,
        credential,
    };
    api::post_as("/api/me/erasure/finish", &finish)
        .await
        .map_err(|e| {
            Some(if e.is_unreadable() {
                "Onverwacht antwoord van de server.".into()
            } else {
                e.message
            })
        })
}

#[cfg(feature = "hydrate")]
async fn passkey_answer(options: serde_json::Value) -> Result<serde_json::Value, Option<String>> {
    crate::auth::passkey::get(options, None)
        .await
        .map_err(|e| e.message())
}

#[cfg(not(feature = "hydrate"))]
async fn passkey_answer(_options: serde_json::Value) -> Result<serde_json::Value, Option<String>> {
    Err(None)
}

/// The account is gone: this device forgets its drafts and the person.
fn forget_this_device(auth: crate::auth::session::Auth) {
    #[cfg(feature = "hydrate")]
    {
        let editor = crate::portfolio::use_editor();
        if let Some(user) = editor.store.user.get_untracked() {
            editor.store.forget();
            editor.tabs.signed_out(&user.id, true);
            leptos::task::spawn_local(editor.wipe(&user.id));
        }
    }
    auth.signed_out();
}
