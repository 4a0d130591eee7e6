//! E-mail verification in the browser: `/e-mail-bevestigen#token=…`, where
//! the link from the verification mail lands, and the notice an account
//! with an unconfirmed address sees on the home and account pages (with
//! "Opnieuw versturen"). Until the address is confirmed, nothing is matched
//! to the account by e-mail (registrations, invoices, certificates).

use super::api;
use super::session::use_auth;
use leptos::prelude::*;
use shared::api::accounts::{EmailVerified, VerificationMailSent, VerifyEmailRequest};

const UNREADABLE: &str = "Het antwoord van de server is onleesbaar.";

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Checking,
    Verified(String),
    Failed(String),
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let auth = use_auth();
    let outcome = RwSignal::new(Outcome::Checking);
    Effect::new(move |_| {
        let Some(token) = super::fragment_token() else {
            outcome.set(Outcome::Failed(
                "Deze pagina werkt alleen met de link uit de bevestigingsmail.".into(),
            ));
            return;
        };
        leptos::task::spawn_local(async move {
            let request = VerifyEmailRequest { token };
            let answer = api::post_as::<_, EmailVerified>("/api/auth/verify-email", &request).await;
            outcome.set(match answer {
                Ok(done) if done.verified => Outcome::Verified(done.email),
                Ok(_) => Outcome::Failed(UNREADABLE.into()),
                Err(e) if e.is_unreadable() => Outcome::Failed(UNREADABLE.into()),
                Err(e) => Outcome::Failed(e.message),
            });
            // The header and notices show the confirmed address at once.
            auth.refresh();
        });
    });
    view! {
        <section class="panel narrow">
            <h1>"E-mailadres bevestigen"</h1>
            {move || match outcome.get() {
                Outcome::Checking => view! { <p role="status">"Je e-mailadres wordt bevestigd…"</p> }.into_any(),
                Outcome::Verified(email) => view! {
                    <p role="status">
                        "Je e-mailadres " <strong>{email}</strong> " is bevestigd. "
                        "Je inschrijving, facturen en certificaten met dit adres staan nu bij je account."
                    </p>
                    <p><a class="button" href="/">"Naar de startpagina"</a></p>
                }.into_any(),
                Outcome::Failed(message) => view! {
                    <p class="form-error" role="alert">{message}</p>
                    <p>
                        "Ingelogd? Op je " <a href="/account">"accountpagina"</a>
                        " kun je een nieuwe link laten versturen."
                    </p>
                }.into_any(),
            }}
        </section>
    }
}

/// "e-mailadres nog niet bevestigd", with a button to send the link again;
/// nothing when the signed-in person's address is confirmed (or nobody is
/// signed in).
#[component]
pub fn UnverifiedEmailNotice() -> impl IntoView {
    let auth = use_auth();
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let resend = move |_| {
        busy.set(true);
        error.set(None);
        status.set(None);
        leptos::task::spawn_local(async move {
            match api::post_as::<_, VerificationMailSent>("/api/me/verify-email", &api::Empty {})
                .await
            {
                Ok(_) => status.set(Some(
                    "Verstuurd. Open de link in de e-mail; hij is 24 uur geldig.".into(),
                )),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    move || {
        let me = auth.me().filter(|me| !me.email_verified)?;
        Some(view! {
            <section class="panel notice" aria-labelledby="bevestigen-titel">
                <h2 id="bevestigen-titel">"E-mailadres nog niet bevestigd"</h2>
                <p>
                    "We stuurden een link naar " <strong>{me.email}</strong> ". "
                    "Tot je die opent, tonen we hier geen inschrijving, facturen of certificaten "
                    "die bij dit adres horen."
                </p>
                <button type="button" class="button secondary" on:click=resend disabled=move || busy.get()>
                    "Opnieuw versturen"
                </button>
                <p role="status">{move || status.get()}</p>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </section>
        })
    }
}
