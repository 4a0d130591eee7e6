//! Signed declarations in the editor: a format's fields (typed offline into
//! the slot's own sync target), their checks beside each field, the status
//! of its signature and "Laten ondertekenen". The rules are
//! `shared::declarations`; the signing requests come from
//! `GET /api/portfolios/{id}/declarations` ([`Signing`]).
//!
//! The other way to prove a slot, a signed scan, is a file on the same slot
//! (the evidence input): a [`SignBox`] takes it as its children and shows it
//! under "Of voeg een ondertekende scan toe".

use leptos::prelude::*;
use serde_json::{Map, Value};
use shared::api::declarations::{slot_path, CreateSigningRequest, Signer};
use shared::declarations::status::SigningRequest;
use shared::declarations::{
    fields_from_json, status_of, validate, DeclarationFields, DeclarationFormat, FieldKind,
    FieldSpec,
};
use shared::evidence::Slot;
use shared::sync::{PortfolioId, Replica};

use super::rows::whole_number;
use super::store::{use_store, Store};

/// The portfolio's signing requests as last fetched (empty offline until
/// the first answer), shared by every declaration of the editor and the
/// checklist.
#[derive(Clone, Copy)]
pub struct Signing {
    pub requests: RwSignal<Vec<SigningRequest>>,
    pid: StoredValue<PortfolioId>,
}

impl Signing {
    /// Asks the server again (after a request was sent, and on open).
    pub fn refresh(&self) {
        #[cfg(feature = "hydrate")]
        {
            let requests = self.requests;
            let path = format!("/api/portfolios/{}/declarations", self.pid.get_value().0);
            leptos::task::spawn_local(async move {
                let answer = super::api::call::<(), shared::api::declarations::DeclarationList>(
                    "GET", &path, None,
                )
                .await;
                // Offline or refused: keep what was known.
                if let Ok((_, list)) = answer {
                    requests.set(
                        list.declarations
                            .into_iter()
                            .flat_map(|d| d.requests)
                            .collect(),
                    );
                }
            });
        }
    }
}

pub fn provide_signing(pid: PortfolioId) -> Signing {
    let signing = Signing {
        requests: RwSignal::new(Vec::new()),
        pid: StoredValue::new(pid),
    };
    provide_context(signing);
    // Once the server knows the portfolio (created offline: later), and
    // not again on every edit.
    let store = use_store();
    let on_server = Memo::new(move |_| store.on_server(&signing.pid.get_value()));
    Effect::new(move |_| {
        if on_server.get() {
            signing.refresh();
        }
    });
    signing
}

/// The editor's [`Signing`]; outside an editor an empty one.
pub fn use_signing() -> Signing {
    use_context::<Signing>().unwrap_or_else(|| Signing {
        requests: RwSignal::new(Vec::new()),
        pid: StoredValue::new(PortfolioId(String::new())),
    })
}

fn now_secs() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// The slot's JSON in the replica: the question's value or the list row.
pub fn slot_json(replica: &Replica, pid: &PortfolioId, slot: &Slot) -> Option<Value> {
    match &slot.row {
        Some(row) => replica
            .items(pid, &slot.key)
            .into_iter()
            .find(|(id, _)| id == row)
            .map(|(_, v)| v.clone()),
        None => replica.json(pid, &slot.key).cloned(),
    }
}

fn write(
    store: Store,
    pid: &PortfolioId,
    slot: &Slot,
    field: &str,
    value: Value,
) -> Option<String> {
    let mut object = match store.read(|r| slot_json(r, pid, slot)).flatten() {
        Some(Value::Object(map)) => map,
        // The old checkbox value (`true`) of a declaration question.
        _ => Map::new(),
    };
    object.insert(field.to_owned(), value);
    let value = Value::Object(object);
    store
        .edit_replica(|r| match &slot.row {
            Some(row) => r.upsert_item(pid, &slot.key, row, value),
            None => r.set_value(pid, &slot.key, value),
        })
        .err()
        .map(|e| e.message)
}

fn dom_base(slot: &Slot) -> String {
    format!("verklaring-{}", slot_path(slot).replace(['.', ':'], "-"))
}

/// A declaration question with a format (`initial.b1.q2`,
/// `recertification.a1.q2`): the question, its guidance and the format with
/// all its fields.
#[component]
pub fn FormatQuestion(
    pid: PortfolioId,
    question: &'static shared::framework::Question,
    format: DeclarationFormat,
) -> impl IntoView {
    let target = shared::sync::Target::value(question.key);
    let all: &'static [&'static str] = match format {
        DeclarationFormat::WorkingInitial | DeclarationFormat::WorkingRecertification => {
            &["organisation", "function", "since"]
        }
        _ => &[],
    };
    view! {
        <div class="question structured declaration" data-key=question.key>
            <h3 class="question-label">{question.text}</h3>
            <super::field_notices::Guidance id=super::dom_id(question.key) text=question.guidance/>
            <SignBox pid=pid.clone() evidence_slot=Slot::question(question.key) format shown={all}/>
            <super::field_notices::RejectedNotice pid=pid.clone() target=target.clone()/>
            <super::field_notices::ConflictPanel pid target focus=NodeRef::new()/>
        </div>
    }
}

/// One declaration: the fields it renders itself (`shown`; the rest are the
/// surrounding row's own inputs), the status of its signature, "Laten
/// ondertekenen" and, as children, the signed-scan alternative.
#[component]
pub fn SignBox(
    pid: PortfolioId,
    // Not `slot`: that attribute name marks a Leptos slot in `view!`.
    evidence_slot: Slot,
    format: DeclarationFormat,
    shown: &'static [&'static str],
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let slot = evidence_slot;
    let store = use_store();
    let signing = use_signing();
    let base = dom_base(&slot);
    let source = {
        let (pid, slot) = (pid.clone(), slot.clone());
        Memo::new(move |_| store.read(|r| slot_json(r, &pid, &slot)).flatten())
    };
    let fields = Memo::new(move |_| source.with(|s| fields_from_json(format, s.as_ref())));
    let errors = Memo::new(move |_| fields.with(|f| validate(format, f)));
    let status = {
        let slot = slot.clone();
        Memo::new(move |_| {
            signing
                .requests
                .with(|rs| fields.with(|f| status_of(&slot, rs, f, now_secs())))
        })
    };
    // Empty required fields are flagged once the person asks for a
    // signature; wrong values at once.
    let touched = RwSignal::new(false);
    let write_error = RwSignal::new(None::<String>);
    let inputs = format
        .fields()
        .iter()
        .filter(|spec| shown.contains(&spec.name))
        .map(|spec| {
            let (pid, slot) = (pid.clone(), slot.clone());
            let on_write = Callback::new(move |(name, value): (&'static str, Value)| {
                write_error.set(write(store, &pid, &slot, name, value));
            });
            view! {
                <FieldInput spec base=base.clone() fields errors touched on_write/>
            }
        })
        .collect_view();
    let others = move || {
        errors.with(|e| {
            e.iter()
                .filter(|e| !shown.contains(&e.field.as_str()))
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
        })
    };
    let status_id = format!("{base}-status");
    view! {
        <div class="declaration-format" data-format=format!("{format:?}")>
            <p class="declaration-title"><strong>{format.title()}</strong></p>
            {inputs}
            <p class="field-error" role="alert">{move || write_error.get()}</p>
            <p id=status_id class="declaration-status" data-testid="declaration-status" role="status">
                {move || status.get().text()}
            </p>
            {move || (touched.get() && !others().is_empty()).then(|| view! {
                <ul class="field-error">{others().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            })}
            <RequestForm pid=pid.clone() evidence_slot=slot.clone() format fields errors touched base=base.clone()/>
            {children.map(|scan| view! {
                <div class="declaration-scan">
                    <p class="hint">"Of voeg een ondertekende scan van de verklaring toe:"</p>
                    {scan()}
                </div>
            })}
        </div>
    }
}

#[component]
fn FieldInput(
    spec: &'static FieldSpec,
    base: String,
    fields: Memo<DeclarationFields>,
    errors: Memo<Vec<shared::FieldError>>,
    touched: RwSignal<bool>,
    on_write: Callback<(&'static str, Value)>,
) -> impl IntoView {
    let name = spec.name;
    let id = format!("{base}-{name}");
    let error_id = format!("{id}-fout");
    let value = move || fields.with(|f| f.get(name).cloned().unwrap_or_default());
    let error = move || {
        let empty = value().trim().is_empty();
        errors.with(|e| {
            e.iter()
                .find(|e| e.field == name)
                .filter(|_| touched.get() || !empty)
                .map(|e| e.message.clone())
        })
    };
    let invalid = move || error().is_some().to_string();
    let input = match spec.kind {
        FieldKind::YesNo => view! {
            <div class="field checkbox">
                <input id=id.clone() type="checkbox" aria-describedby=error_id.clone()
                    prop:checked=move || value() == "ja"
                    on:change=move |ev| on_write.run((name, Value::Bool(event_target_checked(&ev))))/>
                <label for=id.clone()>{spec.label}</label>
            </div>
        }
        .into_any(),
        kind => {
            let input_type = match kind {
                FieldKind::Date | FieldKind::OptionalDate => "date",
                FieldKind::WholeNumber => "number",
                _ => "text",
            };
            view! {
                <div class="field">
                    <label for=id.clone()>{spec.label}</label>
                    <input id=id.clone() type=input_type autocomplete="off"
                        aria-describedby=error_id.clone() aria-invalid=invalid
                        prop:value=value
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let v = match kind {
                                FieldKind::WholeNumber => match whole_number(&text) {
                                    Some(n) => Value::from(n),
                                    None if text.trim().is_empty() => Value::Null,
                                    None => return,
                                },
                                _ => Value::String(text),
                            };
                            on_write.run((name, v));
                        }/>
                </div>
            }
            .into_any()
        }
    };
    view! {
        {input}
        <p id=error_id class="field-error">{error}</p>
    }
}

/// "Laten ondertekenen": who signs, then the link (to pass on without
/// SMTP) or the confirmation that it was mailed.
#[component]
fn RequestForm(
    pid: PortfolioId,
    evidence_slot: Slot,
    format: DeclarationFormat,
    fields: Memo<DeclarationFields>,
    errors: Memo<Vec<shared::FieldError>>,
    touched: RwSignal<bool>,
    base: String,
) -> impl IntoView {
    let slot = evidence_slot;
    let signing = use_signing();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let link = RwSignal::new(None::<String>);
    let ids = |s: &str| format!("{base}-ondertekenaar-{s}");
    let (name_id, role_id, email_id, link_id) =
        (ids("naam"), ids("rol"), ids("email"), ids("link"));
    let hint = move || fields.with(|f| format.signer_hint(f));
    let send = {
        let (pid, slot) = (pid.clone(), slot.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            touched.set(true);
            if !errors.with(Vec::is_empty) {
                message.set(Some(
                    "Vul de verklaring eerst volledig in; de velden met een melding ontbreken \
                     nog of kloppen niet."
                        .into(),
                ));
                return;
            }
            let body = CreateSigningRequest {
                format,
                fields: fields.get_untracked(),
                signer: Signer {
                    name: name.get_untracked(),
                    role: role.get_untracked(),
                    email: email.get_untracked(),
                },
            };
            let path = format!(
                "/api/portfolios/{}/declarations/{}/requests",
                pid.0,
                slot_path(&slot)
            );
            busy.set(true);
            message.set(None);
            link.set(None);
            send_request(path, body, busy, message, link, signing);
        }
    };
    view! {
        <div class="declaration-request">
            <button type="button" class="button secondary"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                "Laten ondertekenen"
            </button>
            <Show when=move || open.get()>
                <form class="declaration-request-form" on:submit=send.clone()>
                    <p class="hint">{hint}</p>
                    <div class="field">
                        <label for=name_id.clone()>"Naam van de ondertekenaar"</label>
                        <input id=name_id.clone() type="text" autocomplete="off" required
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for=role_id.clone()>"Rol of functie van de ondertekenaar"</label>
                        <input id=role_id.clone() type="text" autocomplete="off" required
                            prop:value=move || role.get()
                            on:input=move |ev| role.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for=email_id.clone()>"E-mailadres van de ondertekenaar"</label>
                        <input id=email_id.clone() type="email" autocomplete="off" required
                            prop:value=move || email.get()
                            on:input=move |ev| email.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="button" disabled=move || busy.get()>"Verzoek versturen"</button>
                </form>
            </Show>
            <p class="form-message" role="status">{move || message.get()}</p>
            {
                let link_id = link_id.clone();
                move || link.get().map(|l| view! {
                    <div class="field">
                        <label for=link_id.clone()>"Ondertekenlink (geef deze door; één keer te gebruiken, 30 dagen geldig)"</label>
                        <input id=link_id.clone() type="text" readonly prop:value=l data-testid="signing-link"/>
                    </div>
                })
            }
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn send_request(
    path: String,
    body: CreateSigningRequest,
    busy: RwSignal<bool>,
    message: RwSignal<Option<String>>,
    link: RwSignal<Option<String>>,
    signing: Signing,
) {
    use shared::api::declarations::{CreatedSigningRequest, LinkDelivery};
    leptos::task::spawn_local(async move {
        let answer = super::api::call::<_, CreatedSigningRequest>("POST", &path, Some(&body)).await;
        busy.set(false);
        match answer {
            Ok((_, created)) => {
                let who = created.request.signer_name.clone();
                message.set(Some(match created.delivery {
                    LinkDelivery::Email => format!("Verstuurd: {who} krijgt de link per e-mail."),
                    LinkDelivery::Manual => format!(
                        "Verstuurd. Er wordt geen e-mail verstuurd: geef {who} de link hieronder."
                    ),
                }));
                link.set(created.link);
                signing.refresh();
            }
            Err(e) => message.set(Some(e.message())),
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn send_request(
    _path: String,
    _body: CreateSigningRequest,
    busy: RwSignal<bool>,
    _message: RwSignal<Option<String>>,
    _link: RwSignal<Option<String>>,
    _signing: Signing,
) {
    busy.set(false);
}
