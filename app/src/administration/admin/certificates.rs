//! `/administratie/certificaten`: certificates, one typed in or a CSV
//! file imported all or nothing.

use super::message_of;
use crate::administration::register_page::encode;
use crate::administration::{date, Certificate};
use crate::api_client::{self as api, CsvAnswer};
use leptos::prelude::*;
use shared::administration::CertificateKind;
use shared::api::administration::{
    CertificateAdded, Certificates as CertificateList, ImportRefused, ImportReport, ImportRow,
    NewCertificate,
};

#[component]
pub fn CertificatesPage() -> impl IntoView {
    view! { <Certificates/> }
}

#[component]
fn Certificates() -> impl IntoView {
    let q = RwSignal::new(String::new());
    let list = RwSignal::new(Vec::<Certificate>::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let fields: [(RwSignal<String>, &'static str, &'static str, &'static str); 6] = [
        (RwSignal::new(String::new()), "cert-naam", "Naam", "name"),
        (
            RwSignal::new(String::new()),
            "cert-email",
            "E-mailadres",
            "email",
        ),
        (
            RwSignal::new(String::new()),
            "cert-plaats",
            "Plaats",
            "city",
        ),
        (
            RwSignal::new(String::new()),
            "cert-nummer",
            "Certificaatnummer",
            "certificate_number",
        ),
        (
            RwSignal::new(String::new()),
            "cert-datum",
            "Afgiftedatum",
            "issue_date",
        ),
        (
            RwSignal::new(String::new()),
            "cert-relatie",
            "Lidmaatschaps- of aansluitingsnummer",
            "relation_number",
        ),
    ];
    let kind = RwSignal::new("initial".to_string());
    let csv = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Vec<ImportRow>>);
    let reload = move || {
        let qs = encode(&q.get_untracked());
        leptos::task::spawn_local(async move {
            match api::get_as::<CertificateList>(&format!("/api/admin/certificates?q={qs}")).await {
                Ok(found) => list.set(found.certificates),
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    Effect::new(move |_| reload());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        // In the order of `fields`.
        let [name, email, city, certificate_number, issue_date, relation_number] =
            fields.map(|(signal, _, _, _)| signal.get_untracked());
        let body = NewCertificate {
            name,
            email,
            city,
            certificate_number,
            issue_date,
            relation_number,
            kind: CertificateKind::parse(&kind.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::post_as::<_, CertificateAdded>("/api/admin/certificates", &body).await {
                Ok(added) => {
                    saved.set(Some(format!(
                        "Certificaat {} toegevoegd, geldig tot {}.",
                        added.certificate_number,
                        date(&added.expiry_date)
                    )));
                    reload();
                }
                Err(e) => {
                    let (field, message) = e.first_field();
                    let label = fields
                        .iter()
                        .find(|(_, _, _, key)| Some(*key) == field.as_deref())
                        .map(|(_, _, label, _)| format!("{label}: "))
                        .unwrap_or_default();
                    error.set(Some(format!("{label}{message}")));
                }
            }
        });
    };
    let import = move |dry_run: bool| {
        error.set(None);
        saved.set(None);
        report.set(None);
        let text = csv.get_untracked();
        leptos::task::spawn_local(async move {
            let path = format!("/api/admin/certificates/import?dry_run={dry_run}");
            match api::post_csv::<ImportReport, ImportRefused>(&path, &text).await {
                Ok(CsvAnswer::Accepted(done)) => {
                    if dry_run {
                        saved.set(Some(
                            "Alle regels zijn in orde. Kies ‘Inlezen’ om ze op te slaan.".into(),
                        ));
                    } else {
                        saved.set(Some(match done.imported {
                            1 => "1 certificaat ingelezen.".to_string(),
                            n => format!("{n} certificaten ingelezen."),
                        }));
                        reload();
                    }
                    report.set(Some(done.rows));
                }
                Ok(CsvAnswer::Refused(refused)) => {
                    error.set(Some(refused.error.message));
                    report.set(Some(refused.rows));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <p class="form-error" role="alert">{move || error.get()}</p>
        <p class="notice-line" role="status">{move || saved.get()}</p>
        <h2>"Certificaat toevoegen"</h2>
        <form class="form" on:submit=add>
            {fields.into_iter().map(|(signal, id, label, key)| view! {
                <div class="field">
                    <label for=id>{label}</label>
                    {(key == "issue_date").then_some(view! { <p class="hint" id="cert-datum-hint">"De geldigheid (4 jaar) rekent de administratie uit."</p> })}
                    <input id=id required type=if key == "issue_date" { "date" } else if key == "email" { "email" } else { "text" }
                        prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev))/>
                </div>
            }).collect_view()}
            <div class="field">
                <label for="cert-soort">"Soort"</label>
                <select id="cert-soort" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="initial">"Initiële certificering"</option>
                    <option value="recertification">"Hercertificering"</option>
                </select>
            </div>
            <button type="submit" class="button primary">"Certificaat toevoegen"</button>
        </form>
        <h2>"Bestaande certificaten inlezen (CSV)"</h2>
        <p id="csv-hint" class="hint">
            "Kies een CSV-bestand of plak de inhoud ervan, met deze kolommen en de kolomnamen op de eerste regel: "
            {shared::administration::IMPORT_COLUMNS.join(", ")}
            ". Puntkomma of komma als scheidingsteken. Is één regel niet in orde, dan wordt niets ingelezen."
        </p>
        <div class="field">
            <label for="csv-bestand">"CSV-bestand"</label>
            <input id="csv-bestand" type="file" accept=".csv,text/csv,text/plain" aria-describedby="csv-hint"
                on:change=move |ev| read_file_into(ev, csv, error)/>
        </div>
        <div class="field">
            <label for="csv-inhoud">"CSV-inhoud"</label>
            <textarea id="csv-inhoud" class="csv-input" aria-describedby="csv-hint" prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
        </div>
        <div class="button-row">
            <button type="button" class="button" on:click=move |_| import(true)>"Controleren"</button>
            <button type="button" class="button primary" on:click=move |_| import(false)>"Inlezen"</button>
        </div>
        {move || report.get().map(|rows| {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
                    <table class="data-table">
                        <caption>"Controle per regel"</caption>
                        <thead><tr><th scope="col">"Regel"</th><th scope="col">"Certificaat"</th><th scope="col">"Resultaat"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| {
                                let ok = row.ok;
                                view! { <tr class=if ok { "row-ok" } else { "row-error" }>
                                    <td>{row.line}</td>
                                    <td>{row.certificate_number}</td>
                                    <td>{if ok { "In orde".to_string() } else { row.errors.join("; ") }}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })}
        <h2>"Alle certificaten"</h2>
        <form class="form filter-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); reload(); }>
            <div class="field">
                <label for="cert-zoek">"Zoek op naam, plaats, e-mail of nummer"</label>
                <input id="cert-zoek" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            </div>
            <div class="button-row">
                <button type="submit" class="button primary">"Zoeken"</button>
                <a class="button" href=move || format!("/api/admin/certificates?q={}&format=csv", encode(&q.get())) download="certificaten.csv">"Exporteren als CSV"</a>
            </div>
        </form>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
            <table class="data-table">
                <caption class="visually-hidden">"Certificaten"</caption>
                <thead><tr><th scope="col">"Nummer"</th><th scope="col">"Naam"</th><th scope="col">"Plaats"</th><th scope="col">"Afgegeven"</th><th scope="col">"Geldig tot"</th><th scope="col">"Soort"</th></tr></thead>
                <tbody>
                    {move || list.get().into_iter().map(|c| view! { <tr>
                        <td>{c.certificate_number}</td><td>{c.name}</td><td>{c.city}</td>
                        <td>{date(&c.issue_date)}</td>
                        <td>{date(&c.expiry_date)}{(!c.valid).then_some(" (verlopen)")}</td>
                        <td>{if c.kind == CertificateKind::Recertification { "Hercertificering" } else { "Initieel" }}</td>
                    </tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Reads the chosen file as text into `target`, so the person sees what
/// will be checked and can still correct it before importing.
fn read_file_into(
    ev: leptos::ev::Event,
    target: RwSignal<String>,
    error: RwSignal<Option<String>>,
) {
    #[cfg(feature = "hydrate")]
    {
        let file = event_target::<web_sys::HtmlInputElement>(&ev)
            .files()
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            return;
        };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    error.set(None);
                    target.set(text.as_string().unwrap_or_default());
                }
                Err(_) => error.set(Some(
                    "Dit bestand kon niet worden gelezen. Kies een CSV-bestand (tekst).".into(),
                )),
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, target, error);
}
