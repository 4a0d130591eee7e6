//! `/register/:number`: one certificate as the register states it, rendered
//! on the server (the route is `SsrMode::Async`, so the page is complete
//! without scripts) and verifiable without trusting this page: it links the
//! signed statement and the public keys.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use shared::api::register::{RegisterStatus, SignedRegisterEntry};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What looking a number up gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Lookup {
    Found(Box<SignedRegisterEntry>),
    NotFound,
    /// The register could not be read (offline, server error): the message.
    Failed(String),
}

type LookupFuture = Pin<Box<dyn Future<Output = Lookup> + Send>>;

/// How the server looks an entry up while rendering: provided as context by
/// the server (`server::routes`), since the app cannot reach its storage.
/// In the browser there is none and the API is asked.
#[derive(Clone)]
pub struct RegisterLookup(pub Arc<dyn Fn(String) -> LookupFuture + Send + Sync>);

fn fetch(lookup: Option<RegisterLookup>, number: String) -> LookupFuture {
    if let Some(lookup) = lookup {
        return (lookup.0)(number);
    }
    from_api(number)
}

#[cfg(feature = "hydrate")]
fn from_api(number: String) -> LookupFuture {
    use send_wrapper::SendWrapper;
    Box::pin(SendWrapper::new(async move {
        let path = format!(
            "/api/register/{}",
            crate::administration::register_page::encode(&number)
        );
        match crate::auth::api::get_as::<SignedRegisterEntry>(&path).await {
            Ok(e) => Lookup::Found(Box::new(e)),
            Err(e) if e.is_unreadable() => {
                Lookup::Failed("Het register gaf een onleesbaar antwoord.".into())
            }
            Err(e) if e.status == 404 => Lookup::NotFound,
            Err(e) => Lookup::Failed(e.message),
        }
    }))
}

#[cfg(not(feature = "hydrate"))]
fn from_api(_number: String) -> LookupFuture {
    Box::pin(async { Lookup::Failed("Het register is nu niet bereikbaar.".into()) })
}

#[component]
pub fn RegisterEntryPage() -> impl IntoView {
    let params = use_params_map();
    let lookup = use_context::<RegisterLookup>();
    let entry = Resource::new(
        move || params.read().get("number").unwrap_or_default(),
        move |number| fetch(lookup.clone(), number),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Even geduld…"</p> }>
            {move || Suspend::new(async move { show(entry.await) })}
        </Suspense>
    }
}

fn show(lookup: Lookup) -> AnyView {
    match lookup {
        Lookup::Found(signed) => found(*signed).into_any(),
        Lookup::NotFound => {
            not_found_status();
            view! {
            <Title text="Niet in het register – Register Jobcoach"/>
            <section class="panel">
                <h1>"Niet in het register"</h1>
                <p>"Dit certificaatnummer staat niet in het beroepsregister. Controleer het nummer, of "
                    <a href="/register">"zoek op naam of plaats"</a>"."</p>
            </section>
            }
            .into_any()
        }
        Lookup::Failed(message) => view! {
            <Title text="Register – Register Jobcoach"/>
            <section class="panel">
                <h1>"Register niet bereikbaar"</h1>
                <p role="alert">{message}</p>
            </section>
        }
        .into_any(),
    }
}

/// An unknown number answers 404, also as a page.
fn not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

fn found(signed: SignedRegisterEntry) -> impl IntoView {
    let e = signed.entry;
    let date = |d: &str| crate::administration::date(d);
    let kind = if e.kind == "recertification" {
        "Hercertificering"
    } else {
        "Eerste certificering"
    };
    let status_class = match e.status {
        RegisterStatus::Valid => "register-status status-ok",
        _ => "register-status status-warn",
    };
    let summary = match e.status {
        RegisterStatus::Valid => format!(
            "{} is Register Jobcoach met een geldig certificaat.",
            e.name
        ),
        RegisterStatus::Expired => format!(
            "Het certificaat van {} is verlopen op {}.",
            e.name,
            date(&e.expiry_date)
        ),
        RegisterStatus::NotYetValid => format!(
            "Het certificaat van {} gaat in op {}.",
            e.name,
            date(&e.issue_date)
        ),
    };
    let statement_url = format!(
        "/api/register/{}",
        crate::administration::register_page::encode(&e.certificate_number)
    );
    view! {
        <Title text=format!("Certificaat {} – Register Jobcoach", e.certificate_number)/>
        <section class="panel register-card" aria-labelledby="certificaat-titel">
            <h1 id="certificaat-titel">"Certificaat "{e.certificate_number.clone()}</h1>
            <p class=status_class><strong>{e.status.label()}</strong>" – "{summary}</p>
            <dl class="register-facts">
                <dt>"Naam"</dt><dd>{e.name.clone()}</dd>
                <dt>"Plaats"</dt><dd>{e.city.clone()}</dd>
                <dt>"Certificaatnummer"</dt><dd>{e.certificate_number.clone()}</dd>
                <dt>"Soort"</dt><dd>{kind}</dd>
                <dt>"Afgegeven op"</dt><dd>{date(&e.issue_date)}</dd>
                <dt>"Geldig tot en met"</dt><dd>{date(&e.expiry_date)}</dd>
                <dt>"Gecontroleerd op"</dt><dd>{date(&e.checked_on)}</dd>
            </dl>
        </section>
        <section class="panel" aria-labelledby="zelf-controleren">
            <h2 id="zelf-controleren">"Zelf controleren"</h2>
            <p>
                "Deze gegevens zijn ook beschikbaar als ondertekende verklaring (JWS, Ed25519): "
                <a href=statement_url>"de verklaring"</a>
                ". Controleer de handtekening met de openbare sleutel "
                <code>{signed.kid.clone()}</code>" uit "
                <a href=signed.keys_url.clone()>"de gepubliceerde sleutels"</a>
                ", dan hoeft u deze pagina niet te vertrouwen."
            </p>
            <details>
                <summary>"Ondertekende verklaring tonen"</summary>
                <pre class="register-statement" tabindex="0">{signed.statement.clone()}</pre>
            </details>
            <p><a href="/register">"Terug naar het register"</a></p>
        </section>
    }
}
