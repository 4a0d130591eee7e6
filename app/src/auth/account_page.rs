//! `/account`: the person's passkeys (name, created, last used; add, rename,
//! remove but never the last), their recovery codes, and signing out
//! everywhere.

use super::api;
use super::format_date;
use super::passkey;
use super::registration::RecoveryCodes;
use super::session::{use_auth, AuthState};
use leptos::prelude::*;
use serde_json::Value;
use shared::api::auth::{
    CeremonyStart, PasskeyInfo, PasskeyNamed, PasskeyRemoved, Passkeys, RecoveryCodes as NewCodes,
    RenamePasskey, SignedOut,
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <section class="panel">
            <h1>"Mijn account"</h1>
            {move || match auth.get() {
                AuthState::SignedIn(me) => view! {
                    <p>{me.name.clone()}" · "{me.email.clone()}</p>
                    <super::verify_email::UnverifiedEmailNotice/>
                    <Passkeys/>
                }.into_any(),
                AuthState::Checking => view! { <p>"Even geduld…"</p> }.into_any(),
                AuthState::Offline(_) => view! {
                    <p>"Je bent offline. Je account beheren kan alleen met verbinding."</p>
                }.into_any(),
                _ => view! {
                    <p>"Je bent niet ingelogd. "<a href="/inloggen">"Log in"</a>" om je account te zien."</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Passkeys() -> impl IntoView {
    let auth = use_auth();
    let overview = RwSignal::new(None::<Passkeys>);
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let new_codes = RwSignal::new(None::<Vec<String>>);
    let recovered = RwSignal::new(false);

    let load = move || {
        leptos::task::spawn_local(async move {
            match api::get_as::<Passkeys>("/api/me/passkeys").await {
                Ok(list) => overview.set(Some(list)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        recovered.set(
            window()
                .location()
                .search()
                .is_ok_and(|s| s.contains("hersteld=1")),
        );
        load();
    });

    let add = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        message.set(None);
        leptos::task::spawn_local(async move {
            let result = async {
                let start: CeremonyStart<Value> =
                    api::post_as("/api/me/passkeys/start", &api::Empty {})
                        .await
                        .map_err(|e| Some(e.message))?;
                let mut finish = passkey::register_with(start.challenge_id, start.options)
                    .await
                    .map_err(|e| e.message())?;
                finish.passkey_name = Some("Passkey".into());
                api::post_as::<_, PasskeyNamed>("/api/me/passkeys/finish", &finish)
                    .await
                    .map_err(|e| Some(e.message))
            }
            .await;
            busy.set(false);
            match result {
                Ok(_) => {
                    message.set(Some("De nieuwe passkey is toegevoegd.".into()));
                    recovered.set(false);
                    load();
                }
                Err(Some(m)) => error.set(Some(m)),
                Err(None) => {}
            }
        });
    };

    let renew_codes = move |_| {
        leptos::task::spawn_local(async move {
            match api::post_as::<_, NewCodes>("/api/me/recovery-codes", &api::Empty {}).await {
                Ok(codes) => new_codes.set(Some(codes.recovery_codes)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let navigate = leptos_router::hooks::use_navigate();
    let everywhere = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::post_as::<_, SignedOut>("/api/auth/logout-all", &api::Empty {}).await {
                Ok(_) => {
                    auth.signed_out();
                    navigate("/inloggen", Default::default());
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    view! {
        <Show when=move || recovered.get()>
            <p class="notice" role="status">
                "Je bent binnen met een herstelcode of herstellink. Voeg nu een nieuwe passkey toe voor dit apparaat."
            </p>
        </Show>
        <h2>"Passkeys"</h2>
        <p class="form-error" role="alert">{move || error.get()}</p>
        <p class="notice" role="status">{move || message.get()}</p>
        {move || overview.get().map(|o| {
            let only_one = o.passkeys.len() <= 1;
            view! {
                <ul class="passkeys">
                    {o.passkeys.into_iter().map(|p| view! {
                        <PasskeyRow passkey=p only_one=only_one on_change=Callback::new(move |m: String| {
                            message.set(Some(m));
                            load();
                        }) on_error=Callback::new(move |m: String| error.set(Some(m)))/>
                    }).collect_view()}
                </ul>
                <p>"Ongebruikte herstelcodes: "{o.recovery_codes_left}</p>
            }
        })}
        <div class="actions">
            <button type="button" class="button primary" on:click=add disabled=move || busy.get()>
                "Passkey toevoegen"
            </button>
            <button type="button" class="button" on:click=renew_codes>"Nieuwe herstelcodes maken"</button>
            <button type="button" class="button" on:click=everywhere>"Overal uitloggen"</button>
        </div>
        {move || new_codes.get().map(|codes| view! { <RecoveryCodes codes=codes/> })}
    }
}

#[component]
fn PasskeyRow(
    passkey: PasskeyInfo,
    only_one: bool,
    on_change: Callback<String>,
    on_error: Callback<String>,
) -> impl IntoView {
    let name = RwSignal::new(passkey.name.clone());
    let id = passkey.id.clone();
    let input_id = format!("passkey-naam-{}", passkey.id);
    let rename = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let body = RenamePasskey {
                    name: name.get_untracked(),
                };
                let path = format!("/api/me/passkeys/{id}");
                match api::patch_as::<_, PasskeyNamed>(&path, &body).await {
                    Ok(_) => on_change.run("De naam is opgeslagen.".into()),
                    Err(e) => on_error.run(e.message),
                }
            });
        }
    };
    let remove = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let path = format!("/api/me/passkeys/{id}");
            match api::delete_as::<PasskeyRemoved>(&path).await {
                Ok(_) => on_change.run("De passkey is verwijderd.".into()),
                Err(e) => on_error.run(e.message),
            }
        });
    };
    let used = passkey
        .last_used_at
        .map(format_date)
        .unwrap_or_else(|| "nog niet".into());
    view! {
        <li class="passkey">
            <form class="inline-form" on:submit=rename>
                <label for=input_id.clone()>"Naam"</label>
                <input
                    id=input_id
                    type="text"
                    maxlength="60"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button type="submit" class="button">"Naam opslaan"</button>
            </form>
            <p class="meta">"Aangemaakt "{format_date(passkey.created_at)}" · laatst gebruikt "{used}</p>
            <button
                type="button"
                class="button danger"
                on:click=remove
                disabled=only_one
                title=only_one.then_some("Je laatste passkey kun je niet verwijderen")
                aria-label=format!("Passkey {} verwijderen", passkey.name)
            >
                "Verwijderen"
            </button>
        </li>
    }
}
