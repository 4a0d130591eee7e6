//! Bewijsstukken: the file list and file inputs of one evidence slot (an
//! evidence question, a PE activity, a reflection meeting). Attaching a
//! file keeps its bytes on the device (IndexedDB, see `evidence_queue`)
//! and writes an evidence row through the sync engine
//! (`shared::evidence`); the bytes are uploaded in the background. Each
//! file says where it stands: "Wacht op verbinding" (only on this device),
//! "Wordt geüpload", "Geüpload", or "Wacht op upload" for a row that
//! arrived from another device before its bytes reached the server.

use leptos::prelude::*;
use shared::evidence::{evidence_list_key, files_of, EvidenceFile, Slot};
use shared::files::{human_size, FileType, ACCEPT};
use shared::sync::PortfolioId;

use super::evidence_queue::{evidence_rows, use_uploads, FileState, Uploads};
use super::store::{use_store, Store};

/// The files attached to `slot`, in the order attached (tracked).
fn slot_files(store: Store, pid: &PortfolioId, slot: &Slot) -> Vec<EvidenceFile> {
    let Some(kind) = store.portfolio_kind(pid) else {
        return Vec::new();
    };
    store
        .read(|r| {
            let rows = evidence_rows(r, pid, evidence_list_key(kind));
            files_of(&rows, slot).into_iter().cloned().collect()
        })
        .unwrap_or_default()
}

/// The status line of a file, as the person reads it.
pub fn status_text(state: &FileState) -> String {
    match state {
        FileState::Waiting => "Wacht op verbinding".into(),
        FileState::Uploading => "Wordt geüpload".into(),
        FileState::Uploaded => "Geüpload".into(),
        FileState::Refused(reason) => format!("Niet geüpload: {reason}"),
        FileState::Elsewhere => "Wacht op upload (vanaf een ander apparaat)".into(),
    }
}

/// One slot's files and inputs. `label` names the slot ("Bewijsstuk: …"),
/// `dom` is unique on the page (element ids derive from it).
#[component]
pub fn EvidenceFiles(
    pid: PortfolioId,
    /// The slot (`slot` is taken by the view macro for Leptos slots).
    place: Slot,
    #[prop(into)] label: Signal<String>,
    dom: String,
) -> impl IntoView {
    let slot = place;
    let store = use_store();
    let uploads = use_uploads();
    let files = {
        let (pid, slot) = (pid.clone(), slot.clone());
        Memo::new(move |_| slot_files(store, &pid, &slot))
    };
    let error = RwSignal::new(None::<String>);
    let file_id = format!("{dom}-bestand");
    let camera_id = format!("{dom}-foto");
    let error_id = format!("{dom}-bestand-fout");
    let on_change = {
        let (pid, slot) = (pid.clone(), slot.clone());
        move |ev: leptos::ev::Event| {
            attach_from(store, uploads, &pid, &slot, &ev, error);
        }
    };
    let pid_items = StoredValue::new(pid);
    view! {
        <div class="evidence" data-testid="evidence">
            <ul class="evidence-files" aria-label=move || format!("Bijgevoegde bestanden: {}", label.get())>
                <For each=move || files.get() key=|f| (f.id.clone(), f.sha256.clone()) let:file>
                    <EvidenceItem pid=pid_items.get_value() file/>
                </For>
            </ul>
            <div class="evidence-inputs">
                <label for=file_id.clone() class="evidence-label">{move || label.get()}</label>
                <input id=file_id.clone() type="file" multiple accept=ACCEPT
                    aria-describedby=error_id.clone()
                    on:change=on_change.clone()/>
                <label for=camera_id.clone() class="button secondary evidence-camera">
                    "Foto maken"<span class="visually-hidden">{move || format!(" voor {}", label.get())}</span>
                </label>
                <input id=camera_id class="evidence-camera-input" type="file" accept="image/*"
                    capture="environment" aria-describedby=error_id.clone()
                    on:change=on_change/>
            </div>
            <p id=error_id class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn EvidenceItem(pid: PortfolioId, file: EvidenceFile) -> impl IntoView {
    let store = use_store();
    let uploads = use_uploads();
    let state = {
        let (pid, sha) = (pid.clone(), file.sha256.clone());
        move || uploads.state(&pid, &sha)
    };
    let thumb = {
        let (pid, sha) = (pid.clone(), file.sha256.clone());
        let shows = FileType::from_media_type(&file.media_type).is_some_and(FileType::shows_inline);
        move || shows.then(|| uploads.thumbnail(&pid, &sha)).flatten()
    };
    let remove = {
        let (pid, id) = (pid.clone(), file.id.clone());
        move |_| {
            if let Some(kind) = store.portfolio_kind(&pid) {
                let _ = store.edit_replica(|r| r.delete_item(&pid, evidence_list_key(kind), &id));
            }
        }
    };
    let name = file.name.clone();
    view! {
        <li class="evidence-file" data-testid="evidence-file">
            {move || thumb().map(|src| view! { <img class="evidence-thumb" src=src alt="" width="56" height="56"/> })}
            <span class="evidence-name">{file.name.clone()}</span>
            <span class="evidence-size">{human_size(file.size)}</span>
            <span class="evidence-status" data-testid="evidence-status" role="status">
                {move || status_text(&state())}
            </span>
            <button type="button" class="button link" on:click=remove>
                "Verwijderen"<span class="visually-hidden">{format!(" ({name})")}</span>
            </button>
        </li>
    }
}

#[cfg(feature = "hydrate")]
fn attach_from(
    store: Store,
    uploads: Uploads,
    pid: &PortfolioId,
    slot: &Slot,
    ev: &leptos::ev::Event,
    error: RwSignal<Option<String>>,
) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(list) = input.files() else {
        return;
    };
    let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    // The same file can be chosen again later.
    input.set_value("");
    error.set(None);
    let (pid, slot) = (pid.clone(), slot.clone());
    leptos::task::spawn_local(async move {
        let mut problems = Vec::new();
        for file in chosen {
            if let Err(problem) = uploads.attach(store, &pid, &slot, file).await {
                problems.push(problem);
            }
        }
        if !problems.is_empty() {
            error.set(Some(problems.join(" ")));
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn attach_from(
    _store: Store,
    _uploads: Uploads,
    _pid: &PortfolioId,
    _slot: &Slot,
    _ev: &leptos::ev::Event,
    _error: RwSignal<Option<String>>,
) {
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_in_dutch() {
        assert_eq!(status_text(&FileState::Waiting), "Wacht op verbinding");
        assert_eq!(status_text(&FileState::Uploading), "Wordt geüpload");
        assert_eq!(status_text(&FileState::Uploaded), "Geüpload");
        assert!(status_text(&FileState::Elsewhere).starts_with("Wacht op upload"));
        assert_eq!(
            status_text(&FileState::Refused("te groot".into())),
            "Niet geüpload: te groot"
        );
    }
}
