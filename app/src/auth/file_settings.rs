//! On `/beheer`: the limits for evidence files and whether uploads are
//! scanned for viruses (`GET /api/admin/files`). Without `CLAMD_ADDRESS`
//! the server accepts files unscanned, and admins are told so here.

use super::api;
use leptos::prelude::*;
use shared::api::files::FileSettings;
use shared::files::human_size;

#[component]
pub fn FileSettingsPanel() -> impl IntoView {
    let settings = RwSignal::new(None::<FileSettings>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::get_as::<FileSettings>("/api/admin/files").await {
                Ok(s) => settings.set(Some(s)),
                Err(e) if e.is_unreadable() => {
                    error.set(Some("Het antwoord van de server was onleesbaar.".into()))
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    view! {
        <section aria-labelledby="bestanden-titel">
            <h2 id="bestanden-titel">"Bewijsstukken"</h2>
            {move || settings.get().map(|s| view! {
                <p class=if s.scanning { "notice" } else { "notice warn" } data-testid="scan-status">
                    {if s.scanning {
                        "Virusscan staat aan: elk bestand wordt bij het uploaden gecontroleerd (ClamAV)."
                    } else {
                        "Virusscan staat uit: geüploade bestanden worden niet op virussen gecontroleerd. \
                         Stel CLAMD_ADDRESS in om scannen aan te zetten."
                    }}
                </p>
                <p>{format!(
                    "Per bestand maximaal {}, per portfolio samen {}. Bestanden die nergens meer bij \
                     horen, worden na {} dagen verwijderd.",
                    human_size(s.max_file_bytes),
                    human_size(s.portfolio_budget_bytes),
                    s.unreferenced_grace_days
                )}</p>
            })}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
