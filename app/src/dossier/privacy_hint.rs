//! Beside an answer: likely personal data of others, found offline by
//! `shared::rules::privacy::find_personal_data` (the same rules as `POST
//! /api/rules/privacy-check`). One line per kind found ("Dit lijkt een
//! persoonsgegeven (telefoonnummer). Maak het anoniem.") and the places in
//! a read view with `<mark>`. It warns and never blocks: nothing here
//! touches the answer.

use leptos::prelude::*;
use serde_json::Value;
use shared::framework::{framework, InputKind, PortfolioKind};
use shared::rules::privacy::{find_personal_data, Finding, PersonalDataKind};
use shared::sync::{PortfolioId, Replica};

use crate::portfolio::store::use_store;

/// Characters shown on either side of a finding in the read view.
const CONTEXT_CHARS: usize = 30;
/// Places shown at most; more are counted.
const MAX_EXCERPTS: usize = 5;

/// The key under which a trajectory's client is written: the field
/// `client` of the value of a `TrajectoryDates` question.
pub const CLIENT_FIELD: &str = "client";

/// The names typed in the client field of the portfolio's trajectories.
pub fn client_names(replica: &Replica, pid: &PortfolioId) -> Vec<String> {
    [PortfolioKind::Initial, PortfolioKind::Recertification]
        .into_iter()
        .flat_map(|kind| framework(kind).questions())
        .filter(|q| q.input == InputKind::TrajectoryDates)
        .filter_map(|q| {
            replica
                .json(pid, q.key)
                .and_then(|v| v.get(CLIENT_FIELD))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
        })
        .collect()
}

/// One finding with some text around it, for the read view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub kind: PersonalDataKind,
    /// Text before the finding, with "…" when cut.
    pub before: String,
    pub marked: String,
    pub after: String,
}

/// Excerpts of `text` around `findings` (character offsets, ascending).
pub fn excerpts(text: &str, findings: &[Finding]) -> Vec<Excerpt> {
    let chars: Vec<char> = text.chars().collect();
    let slice = |from: usize, to: usize| -> String {
        chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .collect()
    };
    findings
        .iter()
        .map(|f| {
            let from = f.start.saturating_sub(CONTEXT_CHARS);
            let to = (f.end + CONTEXT_CHARS).min(chars.len());
            let mut before = slice(from, f.start);
            if from > 0 {
                before.insert(0, '…');
            }
            let mut after = slice(f.end, to);
            if to < chars.len() {
                after.push('…');
            }
            Excerpt {
                kind: f.kind,
                before,
                marked: slice(f.start, f.end),
                after,
            }
        })
        .collect()
}

/// The kinds found, each once, in the order they first occur.
pub fn kinds(findings: &[Finding]) -> Vec<PersonalDataKind> {
    let mut out = Vec::new();
    for f in findings {
        if !out.contains(&f.kind) {
            out.push(f.kind);
        }
    }
    out
}

/// The hint for one answer. `text` is what the person typed; `id` is the
/// element id the answer's `aria-describedby` may name.
#[component]
pub fn PrivacyHint(
    pid: PortfolioId,
    #[prop(into)] text: Signal<String>,
    id: String,
) -> impl IntoView {
    let store = use_store();
    let text = settled(text);
    // A memo of its own: an edit anywhere changes the replica, but only an
    // edit of this answer or of a client's name should scan this answer
    // again (scanning every answer on every keystroke made typing slow in a
    // large portfolio).
    let names = Memo::new(move |_| store.read(|r| client_names(r, &pid)).unwrap_or_default());
    let findings = Memo::new(move |_| {
        names.with(|names| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            find_personal_data(&text.get(), &names)
        })
    });
    view! {
        <div id=id class="privacy-hint" hidden=move || findings.with(Vec::is_empty)>
            // Polite: the messages change only when another kind appears or
            // the last one goes, not on every keystroke.
            <ul class="privacy-messages" aria-live="polite">
                {move || kinds(&findings.get()).into_iter().map(|k| view! {
                    <li data-kind=format!("{k:?}")>{k.message()}</li>
                }).collect_view()}
            </ul>
            {move || {
                let found = findings.get();
                let more = found.len().saturating_sub(MAX_EXCERPTS);
                let list = excerpts(&text.get(), &found[..found.len().min(MAX_EXCERPTS)]);
                (!list.is_empty()).then(|| view! {
                    <p class="privacy-where">"Waar het staat:"</p>
                    <ul class="privacy-excerpts">
                        {list.into_iter().map(|e| view! {
                            <li>
                                {e.before}
                                <mark title=e.kind.label()>{e.marked}</mark>
                                {e.after}
                            </li>
                        }).collect_view()}
                    </ul>
                    {(more > 0).then(|| view! { <p class="privacy-more">{format!("en nog {more} plaats(en)")}</p> })}
                })
            }}
        </div>
    }
}

/// How long typing pauses before the answer is scanned again.
#[cfg(feature = "hydrate")]
const SETTLE: std::time::Duration = std::time::Duration::from_millis(250);

/// `text` once typing has paused for [`SETTLE`]: the scan of a long answer
/// on every keystroke cost more than the rest of the keystroke
/// (BENCHMARKS.md, typing). The hint is a warning, so a moment later is as
/// good. The server renders `text` as it is.
fn settled(text: Signal<String>) -> Signal<String> {
    #[cfg(feature = "hydrate")]
    {
        let settled = RwSignal::new(text.get_untracked());
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let value = text.get();
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let scan = settled.with_untracked(|s| *s != value);
            let handle = scan
                .then(|| set_timeout_with_handle(move || settled.set(value), SETTLE).ok())
                .flatten();
            pending.set_value(handle);
        });
        settled.into()
    }
    #[cfg(not(feature = "hydrate"))]
    text
}

/// The trajectory's client field: whose name the answers are checked for.
/// Written into the trajectory's value beside its dates.
#[component]
pub fn ClientField(
    pid: PortfolioId,
    key: &'static str,
    id: String,
    value: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let store = use_store();
    let help = format!("{id}-uitleg");
    let on_input = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        let _ = store.edit_replica(|r| {
            let mut current = r
                .json(&pid, key)
                .filter(|v| v.is_object())
                .cloned()
                .unwrap_or_else(|| Value::Object(Default::default()));
            if let Some(obj) = current.as_object_mut() {
                obj.insert(CLIENT_FIELD.into(), Value::String(name));
            }
            r.set_value(&pid, key, current)
        });
    };
    view! {
        <div class="field">
            <label for=id.clone()>"Naam van de cliënt (voor de privacycontrole)"</label>
            <input id=id type="text" maxlength="100" autocomplete="off"
                aria-describedby=help.clone()
                prop:value=value on:input=on_input/>
            <p id=help class="field-help">
                "Staat deze naam in een antwoord, dan wijst de editor je erop. Schrijf in je antwoorden "
                "liever ‘de cliënt’ of een schuilnaam."
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_long_text_and_keep_short_text_whole() {
        let text = "Bel mij op 06-12345678.";
        let found = find_personal_data(text, &[]);
        assert_eq!(kinds(&found), vec![PersonalDataKind::Phone]);
        assert_eq!(
            excerpts(text, &found),
            vec![Excerpt {
                kind: PersonalDataKind::Phone,
                before: "Bel mij op ".into(),
                marked: "06-12345678".into(),
                after: ".".into(),
            }]
        );
        // A name is found as a whole word only.
        let long = format!("{} Kees {}", "é".repeat(40), "x".repeat(40));
        let found = find_personal_data(&long, &["Kees"]);
        let e = &excerpts(&long, &found)[0];
        assert_eq!(e.marked, "Kees");
        assert_eq!(e.before, format!("…{} ", "é".repeat(29)));
        assert_eq!(e.after, format!(" {}…", "x".repeat(29)));
    }

    #[test]
    fn each_kind_is_named_once() {
        let text = "06-12345678 of 06-87654321, mail kim@example.nl";
        let found = find_personal_data(text, &[]);
        assert_eq!(
            kinds(&found),
            vec![PersonalDataKind::Phone, PersonalDataKind::Email]
        );
    }
}
