//! "PE-verklaring als mentor of assessor" in the PE register: the years
//! the certifying body's records give the person a statement for
//! (category 4), each added with one click or downloaded to print. Adding
//! is the server's work (it stores the signed PDF and pushes the activity
//! and its evidence row as one batch); the editor then pulls them like any
//! edit from another device, so the rows stay the replica's own.

use leptos::prelude::*;
use shared::api::pe_statements::{AddedPeStatement, PeStatementList};
use shared::rules::pe_statement::{activity_id, description, PeStatement};
use shared::sync::PortfolioId;
use std::time::Duration;

use super::evidence_queue::use_uploads;
use super::store::use_store;
use crate::api_client::{get_as, post_as, Empty};

#[component]
pub fn PeStatementOffers(pid: PortfolioId, ids: Memo<Vec<String>>) -> impl IntoView {
    let store = use_store();
    let uploads = use_uploads();
    let pid = StoredValue::new(pid);
    // Asked once the server knows the portfolio and we are online; a memo
    // so typing elsewhere does not ask again.
    let due = Memo::new(move |_| store.online.get() && store.on_server(&pid.get_value()));
    let statements = LocalResource::new(move || async move {
        if !due.get() {
            return Vec::new();
        }
        get_as::<PeStatementList>("/api/me/pe-statements")
            .await
            .map(|l| l.statements)
            .unwrap_or_default()
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<i32>);
    let open = move || {
        let have = ids.get();
        statements
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|s| !have.contains(&activity_id(s.year)))
            .collect::<Vec<PeStatement>>()
    };
    // The pull brings the added activity and its evidence row.
    let sync = super::use_editor().sync;
    let add = move |year: i32| {
        busy.set(Some(year));
        error.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("/api/portfolios/{}/pe-statements/{year}", pid.get_value().0);
            match post_as::<_, AddedPeStatement>(&path, &Empty {}).await {
                Ok(added) => {
                    uploads.stored_on_server(&pid.get_value(), &added.evidence.sha256);
                    sync.request(Duration::ZERO);
                }
                // Added on another device meanwhile: it arrives with the pull.
                Err(e) if e.code == "already_added" => sync.request(Duration::ZERO),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(None);
        });
    };
    view! {
        <Show when=move || !open().is_empty()>
            <section class="pe-statements" aria-labelledby="pe-statements-title">
                <h4 id="pe-statements-title">"PE-verklaring als mentor of assessor"</h4>
                <p class="hint">"Uit de registratie van Register Jobcoach: 4 PE-punten per jaar en 2 per begeleide of getoetste kandidaat (categorie 4), ondertekend namens de Coördinator Certificeren."</p>
                <ul>
                    <For each=open key=|s| (s.year, s.points) let:s>
                        {
                            let year = s.year;
                            let counted = match s.candidates { 1 => "1 kandidaat".to_string(), n => format!("{n} kandidaten") };
                            let label = format!("{}: {counted}, {} PE-punten", description(&s), s.points);
                            view! {
                                <li>
                                    <span>{label}</span>
                                    " "
                                    <button type="button" class="button secondary"
                                        disabled=move || busy.get().is_some()
                                        on:click=move |_| add(year)>
                                        {move || if busy.get() == Some(year) { "Bezig met toevoegen…" } else { "Toevoegen aan mijn PE-register" }}
                                    </button>
                                    " "
                                    <a href=format!("/api/me/pe-statements/{year}/pdf") download="">{format!("Verklaring {year} (PDF)")}</a>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </section>
        </Show>
    }
}
