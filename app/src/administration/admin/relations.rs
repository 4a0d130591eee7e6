//! `/administratie/relaties`: external affiliates and members, corrected
//! inline, linked to their accounts.

use super::message_of;
use crate::administration::register_page::encode;
use crate::api_client as api;
use crate::components::focus::focus_later;
use leptos::prelude::*;
use shared::api::administration::{
    Affiliate, AffiliateCorrected, AffiliateCorrection, Affiliates, Member, MemberAdded,
    MemberCorrected, MemberInput, Members,
};

#[component]
pub fn RelationsPage() -> impl IntoView {
    view! { <Relations/> }
}

#[component]
fn Relations() -> impl IntoView {
    let q = RwSignal::new(String::new());
    let affiliates = RwSignal::new(Vec::<Affiliate>::new());
    let members = RwSignal::new(Vec::<Member>::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<Record>);
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
            match api::get_as::<Affiliates>(&format!("/api/admin/affiliates?q={qs}")).await {
                Ok(found) => affiliates.set(found.affiliates),
                Err(e) => error.set(Some(message_of(e))),
            }
            if let Ok(found) = api::get_as::<Members>(&format!("/api/admin/members?q={qs}")).await {
                members.set(found.members);
            }
        });
    };
    Effect::new(move |_| reload());
    let add_member = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        let body = MemberInput {
            membership_number: m_number.get_untracked(),
            name: m_name.get_untracked(),
            email: m_email.get_untracked(),
            city: m_city.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::post_as::<_, MemberAdded>("/api/admin/members", &body).await {
                Ok(_) => {
                    saved.set(Some("Lid toegevoegd.".into()));
                    reload();
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    let open_editor = move |record: Record| {
        edit_saved.set(None);
        editing.set(Some(record));
    };
    let close_editor = Callback::new(move |()| {
        if let Some(e) = editing.get_untracked() {
            focus_later(edit_button_id(&e));
        }
        editing.set(None);
    });
    let on_saved = Callback::new(move |record: Record| {
        if editing.get_untracked().is_none() {
            return;
        }
        match &record {
            Record::Member(saved) => members.update(|rows| {
                for row in rows.iter_mut().filter(|r| r.id == saved.id) {
                    *row = saved.clone();
                }
            }),
            Record::Affiliate(saved) => affiliates.update(|rows| {
                for row in rows.iter_mut().filter(|r| r.id == saved.id) {
                    *row = saved.clone();
                }
            }),
        }
        edit_saved.set(Some((
            record.kind(),
            format!("Gegevens van {} opgeslagen.", record.name()),
        )));
        focus_later(edit_button_id(&record));
        editing.set(None);
    });
    let edit_button = move |record: Record| {
        let name = record.name().to_string();
        let id = edit_button_id(&record);
        let (kind, record_id) = (record.kind(), record.id().to_string());
        view! {
            <button type="button" class="button small" id=id
                aria-expanded=move || if editing.with(|e| e.as_ref().is_some_and(|e| e.kind() == kind && e.id() == record_id)) { "true" } else { "false" }
                on:click=move |_| open_editor(record.clone())>
                "Wijzigen"<span class="visually-hidden">{format!(" ({name})")}</span>
            </button>
        }
    };
    let editor_for = move |kind: RecordKind| {
        move || {
            editing.get().filter(|e| e.kind() == kind).map(
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
                        <td class="actions">{edit_button(Record::Affiliate(a.clone()))}</td>
                        <td>{a.affiliate_number}</td><td>{a.name}</td><td>{a.email}</td>
                        <td>{format!("{}, {}", a.street, a.postal_code)}</td><td>{a.city}</td>
                        <td>{if a.user_id.is_some() { "gekoppeld" } else { "via e-mailadres" }}</td>
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
                        <td class="actions">{edit_button(Record::Member(m.clone()))}</td>
                        <td>{m.membership_number}</td><td>{m.name}</td><td>{m.email}</td><td>{m.city}</td>
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
enum Record {
    Member(Member),
    Affiliate(Affiliate),
}

impl Record {
    fn kind(&self) -> RecordKind {
        match self {
            Record::Member(_) => RecordKind::Member,
            Record::Affiliate(_) => RecordKind::Affiliate,
        }
    }

    fn id(&self) -> &str {
        match self {
            Record::Member(m) => &m.id,
            Record::Affiliate(a) => &a.id,
        }
    }

    fn name(&self) -> &str {
        match self {
            Record::Member(m) => &m.name,
            Record::Affiliate(a) => &a.name,
        }
    }
}

/// A field of the edit form: the API's key (also the field a 422 names),
/// its label and input type.
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

fn edit_button_id(record: &Record) -> String {
    format!("wijzig-{}", record.id())
}

/// The edit form's starting values, in the order of its fields (which is
/// that of `MemberInput` and `AffiliateCorrection`).
fn form_values(record: &Record) -> Vec<String> {
    match record {
        Record::Member(m) => vec![
            m.membership_number.clone(),
            m.name.clone(),
            m.email.clone(),
            m.city.clone(),
        ],
        Record::Affiliate(a) => vec![
            a.name.clone(),
            a.email.clone(),
            a.street.clone(),
            a.postal_code.clone(),
            a.city.clone(),
        ],
    }
}

/// Sends the edited values (in the order of the form's fields) as the
/// record's correction; the answer is the record as stored.
async fn correct(
    kind: RecordKind,
    path: &str,
    values: Vec<String>,
) -> Result<Record, api::ApiFailure> {
    let mut values = values.into_iter();
    let mut next = move || values.next().unwrap_or_default();
    match kind {
        RecordKind::Member => {
            let body = MemberInput {
                membership_number: next(),
                name: next(),
                email: next(),
                city: next(),
            };
            let done: MemberCorrected = api::put_as(path, &body).await?;
            Ok(Record::Member(done.member))
        }
        RecordKind::Affiliate => {
            let body = AffiliateCorrection {
                name: next(),
                email: next(),
                street: next(),
                postal_code: next(),
                city: next(),
            };
            let done: AffiliateCorrected = api::put_as(path, &body).await?;
            Ok(Record::Affiliate(done.affiliate))
        }
    }
}

/// The inline form that corrects a member's or an affiliate's details
/// (`PUT /api/admin/{members|affiliates}/{id}`). The server's 422 names the
/// field, shown at the field and, with its label, in the alert; a 409 says
/// the number or address belongs to someone else.
#[component]
fn RecordEditor(
    editing: Record,
    on_saved: Callback<Record>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let record = editing;
    let kind = record.kind();
    let (fields, prefix, path): (&'static [EditField], _, _) = match kind {
        RecordKind::Member => (&MEMBER_FIELDS, "lid-wijzig", "members"),
        RecordKind::Affiliate => (&AFFILIATE_FIELDS, "aansluiter-wijzig", "affiliates"),
    };
    let path = format!("/api/admin/{path}/{}", record.id());
    let name = record.name().to_string();
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
        .zip(form_values(&record))
        .map(|(f, value)| (f, RwSignal::new(value), RwSignal::new(None::<String>)))
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
            let values: Vec<String> = signals
                .iter()
                .map(|(_, value, error)| {
                    error.set(None);
                    value.get_untracked()
                })
                .collect();
            busy.set(true);
            let path = path.clone();
            let signals = signals.clone();
            leptos::task::spawn_local(async move {
                let reply = correct(kind, &path, values).await;
                busy.set(false);
                match reply {
                    Ok(record) => on_saved.run(record),
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
