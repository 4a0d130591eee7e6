//! `/administratie/relaties`: external affiliates and members, corrected
//! inline, linked to their accounts.

use super::{message_of, AdminNav};
use crate::administration::register_page::encode;
use crate::administration::AdminOnly;
use crate::api_client as api;
use crate::components::focus::focus_later;
use leptos::prelude::*;
use serde_json::{json, Value};

#[component]
pub fn RelationsPage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Aansluiters en leden"</h1>
            <AdminNav current="/administratie/relaties"/>
            <AdminOnly><Relations/></AdminOnly>
        </section>
    }
}

#[component]
fn Relations() -> impl IntoView {
    let q = RwSignal::new(String::new());
    let affiliates = RwSignal::new(Vec::<Value>::new());
    let members = RwSignal::new(Vec::<Value>::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<Editing>);
    // "Gegevens van … opgeslagen." under the table that was edited.
    let edit_saved = RwSignal::new(None::<(RecordKind, String)>);
    let (m_number, m_name, m_email, m_city) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let reload = move || {
        let qs = encode(&q.get_untracked());
        leptos::task::spawn_local(async move {
            match api::get(&format!("/api/admin/affiliates?q={qs}")).await {
                Ok(json) => {
                    affiliates.set(json["affiliates"].as_array().cloned().unwrap_or_default())
                }
                Err(e) => error.set(Some(message_of(e))),
            }
            if let Ok(json) = api::get(&format!("/api/admin/members?q={qs}")).await {
                members.set(json["members"].as_array().cloned().unwrap_or_default());
            }
        });
    };
    Effect::new(move |_| reload());
    let add_member = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        let body = json!({"membership_number": m_number.get_untracked(), "name": m_name.get_untracked(), "email": m_email.get_untracked(), "city": m_city.get_untracked()});
        leptos::task::spawn_local(async move {
            match api::post("/api/admin/members", &body).await {
                Ok(_) => {
                    saved.set(Some("Lid toegevoegd.".into()));
                    reload();
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let open_editor = move |kind: RecordKind, record: Value| {
        edit_saved.set(None);
        editing.set(Some(Editing { kind, record }));
    };
    let close_editor = Callback::new(move |()| {
        if let Some(e) = editing.get_untracked() {
            focus_later(edit_button_id(&e.record));
        }
        editing.set(None);
    });
    let on_saved = Callback::new(move |record: Value| {
        let Some(e) = editing.get_untracked() else {
            return;
        };
        let list = match e.kind {
            RecordKind::Member => members,
            RecordKind::Affiliate => affiliates,
        };
        list.update(|rows| {
            for row in rows.iter_mut().filter(|r| r["id"] == record["id"]) {
                *row = record.clone();
            }
        });
        edit_saved.set(Some((
            e.kind,
            format!(
                "Gegevens van {} opgeslagen.",
                record["name"].as_str().unwrap_or_default()
            ),
        )));
        focus_later(edit_button_id(&record));
        editing.set(None);
    });
    let edit_button = move |kind: RecordKind, record: Value| {
        let name = text(&record, "name");
        let id = edit_button_id(&record);
        let record_id = record["id"].clone();
        view! {
            <button type="button" class="button small" id=id
                aria-expanded=move || if editing.with(|e| e.as_ref().is_some_and(|e| e.record["id"] == record_id)) { "true" } else { "false" }
                on:click=move |_| open_editor(kind, record.clone())>
                "Wijzigen"<span class="visually-hidden">{format!(" ({name})")}</span>
            </button>
        }
    };
    let editor_for = move |kind: RecordKind| {
        move || {
            editing.get().filter(|e| e.kind == kind).map(
                |e| view! { <RecordEditor editing=e on_saved=on_saved on_cancel=close_editor/> },
            )
        }
    };
    let saved_line = move |kind: RecordKind| {
        move || {
            edit_saved
                .get()
                .filter(|(k, _)| *k == kind)
                .map(|(_, message)| message)
        }
    };
    view! {
        <form class="form filter-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); reload(); }>
            <div class="field">
                <label for="relatie-zoek">"Zoek op naam, e-mail, plaats of nummer"</label>
                <input id="relatie-zoek" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            </div>
            <div class="button-row">
                <button type="submit" class="button primary">"Zoeken"</button>
                <a class="button" href=move || format!("/api/admin/affiliates?q={}&format=csv", encode(&q.get())) download="aansluiters.csv">"Aansluiters als CSV"</a>
                <a class="button" href=move || format!("/api/admin/members?q={}&format=csv", encode(&q.get())) download="leden.csv">"Leden als CSV"</a>
            </div>
        </form>
        <p class="form-error" role="alert">{move || error.get()}</p>
        <p class="notice-line" role="status">{move || saved.get()}</p>
        <h2>"Externe aansluiters"</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
            <table class="data-table">
                <caption class="visually-hidden">"Externe aansluiters"</caption>
                <thead><tr><th scope="col">"Actie"</th><th scope="col">"Nummer"</th><th scope="col">"Naam"</th><th scope="col">"E-mail"</th><th scope="col">"Adres"</th><th scope="col">"Plaats"</th><th scope="col">"Account"</th></tr></thead>
                <tbody>
                    {move || affiliates.get().into_iter().map(|a| view! { <tr>
                        <td class="actions">{edit_button(RecordKind::Affiliate, a.clone())}</td>
                        <td>{text(&a, "affiliate_number")}</td><td>{text(&a, "name")}</td><td>{text(&a, "email")}</td>
                        <td>{format!("{}, {}", text(&a, "street"), text(&a, "postal_code"))}</td><td>{text(&a, "city")}</td>
                        <td>{if a["user_id"].is_string() { "gekoppeld" } else { "via e-mailadres" }}</td>
                    </tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="notice-line" role="status">{saved_line(RecordKind::Affiliate)}</p>
        {editor_for(RecordKind::Affiliate)}
        <h2>"Noloc-leden"</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
            <table class="data-table">
                <caption class="visually-hidden">"Noloc-leden"</caption>
                <thead><tr><th scope="col">"Actie"</th><th scope="col">"Lidmaatschapsnummer"</th><th scope="col">"Naam"</th><th scope="col">"E-mail"</th><th scope="col">"Plaats"</th></tr></thead>
                <tbody>
                    {move || members.get().into_iter().map(|m| view! { <tr>
                        <td class="actions">{edit_button(RecordKind::Member, m.clone())}</td>
                        <td>{text(&m, "membership_number")}</td><td>{text(&m, "name")}</td><td>{text(&m, "email")}</td><td>{text(&m, "city")}</td>
                    </tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="notice-line" role="status">{saved_line(RecordKind::Member)}</p>
        {editor_for(RecordKind::Member)}
        <h3>"Lid toevoegen"</h3>
        <form class="form" on:submit=add_member>
            <div class="field"><label for="lid-nummer">"Lidmaatschapsnummer"</label><input id="lid-nummer" required prop:value=move || m_number.get() on:input=move |ev| m_number.set(event_target_value(&ev))/></div>
            <div class="field"><label for="lid-naam">"Naam"</label><input id="lid-naam" required prop:value=move || m_name.get() on:input=move |ev| m_name.set(event_target_value(&ev))/></div>
            <div class="field"><label for="lid-email">"E-mailadres"</label><input id="lid-email" type="email" required prop:value=move || m_email.get() on:input=move |ev| m_email.set(event_target_value(&ev))/></div>
            <div class="field"><label for="lid-plaats">"Plaats"</label><input id="lid-plaats" required prop:value=move || m_city.get() on:input=move |ev| m_city.set(event_target_value(&ev))/></div>
            <button type="submit" class="button primary">"Lid toevoegen"</button>
        </form>
    }
}

/// Which record the edit form corrects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecordKind {
    Member,
    Affiliate,
}

/// The record being corrected, as the list gave it.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    kind: RecordKind,
    record: Value,
}

/// A field of the edit form: the API's key, its label and input type.
struct EditField {
    key: &'static str,
    label: &'static str,
    input_type: &'static str,
}

const MEMBER_FIELDS: [EditField; 4] = [
    EditField {
        key: "membership_number",
        label: "Lidmaatschapsnummer",
        input_type: "text",
    },
    EditField {
        key: "name",
        label: "Naam",
        input_type: "text",
    },
    EditField {
        key: "email",
        label: "E-mailadres",
        input_type: "email",
    },
    EditField {
        key: "city",
        label: "Plaats",
        input_type: "text",
    },
];

const AFFILIATE_FIELDS: [EditField; 5] = [
    EditField {
        key: "name",
        label: "Naam",
        input_type: "text",
    },
    EditField {
        key: "email",
        label: "E-mailadres",
        input_type: "email",
    },
    EditField {
        key: "street",
        label: "Straat en huisnummer",
        input_type: "text",
    },
    EditField {
        key: "postal_code",
        label: "Postcode",
        input_type: "text",
    },
    EditField {
        key: "city",
        label: "Plaats",
        input_type: "text",
    },
];

fn edit_button_id(record: &Value) -> String {
    format!("wijzig-{}", record["id"].as_str().unwrap_or_default())
}

/// The inline form that corrects a member's or an affiliate's details
/// (`PUT /api/admin/{members|affiliates}/{id}`). The server's 422 names the
/// field, shown at the field and, with its label, in the alert; a 409 says
/// the number or address belongs to someone else.
#[component]
fn RecordEditor(
    editing: Editing,
    on_saved: Callback<Value>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let Editing { kind, record } = editing;
    let (fields, prefix, path, reply_key): (&'static [EditField], _, _, _) = match kind {
        RecordKind::Member => (&MEMBER_FIELDS, "lid-wijzig", "members", "member"),
        RecordKind::Affiliate => (
            &AFFILIATE_FIELDS,
            "aansluiter-wijzig",
            "affiliates",
            "affiliate",
        ),
    };
    let path = format!(
        "/api/admin/{path}/{}",
        record["id"].as_str().unwrap_or_default()
    );
    let name = record["name"].as_str().unwrap_or_default().to_string();
    let title_id = format!("{prefix}-titel");
    let labelled_by = title_id.clone();
    let alert_id = format!("{prefix}-fout");
    // Per field: its value and the server's message about it.
    type FieldState = (
        &'static EditField,
        RwSignal<String>,
        RwSignal<Option<String>>,
    );
    let signals: Vec<FieldState> = fields
        .iter()
        .map(|f| {
            let value = record[f.key].as_str().unwrap_or_default().to_string();
            (f, RwSignal::new(value), RwSignal::new(None::<String>))
        })
        .collect();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    focus_later(format!("{prefix}-{}", fields[0].key));
    let submit = {
        let signals = signals.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            alert.set(None);
            let mut body = json!({});
            for (f, value, error) in &signals {
                error.set(None);
                body[f.key] = json!(value.get_untracked());
            }
            busy.set(true);
            let path = path.clone();
            let signals = signals.clone();
            leptos::task::spawn_local(async move {
                let reply = api::put(&path, &body).await;
                busy.set(false);
                match reply {
                    Ok(json) => on_saved.run(json[reply_key].clone()),
                    Err(e) => {
                        let (field, message) = e.first_field();
                        // A taken e-mail address of an affiliate is that field's.
                        let field = field.or_else(|| {
                            (e.code == "affiliate_exists").then(|| "email".to_string())
                        });
                        match signals
                            .iter()
                            .find(|(f, _, _)| Some(f.key) == field.as_deref())
                        {
                            Some((f, _, error)) => {
                                error.set(Some(message.clone()));
                                alert.set(Some(format!("{}: {message}", f.label)));
                                focus_later(format!("{prefix}-{}", f.key));
                            }
                            None => alert.set(Some(message)),
                        }
                    }
                }
            });
        }
    };
    view! {
        <form class="form edit-form" aria-labelledby=labelled_by novalidate on:submit=submit>
            <h3 id=title_id>{format!("Gegevens van {name} wijzigen")}</h3>
            <p class="form-error" role="alert" id=alert_id>{move || alert.get()}</p>
            {signals.into_iter().map(|(f, value, error)| {
                let id = format!("{prefix}-{}", f.key);
                let error_id = format!("{id}-fout");
                let described = error_id.clone();
                view! {
                    <div class="field">
                        <label for=id.clone()>{f.label}</label>
                        <input id=id type=f.input_type autocomplete="off" required
                            aria-invalid=move || error.get().is_some().then_some("true")
                            aria-describedby=move || error.get().is_some().then(|| described.clone())
                            prop:value=move || value.get()
                            on:input=move |ev| {
                                value.set(event_target_value(&ev));
                                error.set(None);
                            }/>
                        {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
                    </div>
                }
            }).collect_view()}
            <div class="button-row">
                <button type="submit" class="button primary" disabled=move || busy.get()>"Opslaan"</button>
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>"Annuleren"</button>
            </div>
        </form>
    }
}
