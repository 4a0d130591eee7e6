//! The one sentence that always says where the person's work is. A
//! `role="status"` region, so screen readers hear changes without losing
//! their place.

use leptos::prelude::*;

use super::store::{use_store, SyncProblem};

/// What the status says, from its inputs; pure so the wording is tested.
pub fn status_text(
    online: bool,
    pending: usize,
    conflicts: usize,
    problem: &SyncProblem,
    synced_once: bool,
    running: bool,
) -> String {
    let waiting = match pending {
        0 => String::new(),
        1 => "1 wijziging wacht op synchronisatie".into(),
        n => format!("{n} wijzigingen wachten op synchronisatie"),
    };
    let mut text = if !online {
        match pending {
            0 => "Offline · alles staat op dit apparaat".into(),
            1 => "Offline · 1 wijziging bewaard op dit apparaat".into(),
            n => format!("Offline · {n} wijzigingen bewaard op dit apparaat"),
        }
    } else {
        match problem {
            SyncProblem::SignedOut => format!(
                "Niet gesynchroniseerd: log opnieuw in. {}",
                if pending == 0 {
                    "Je werk staat op dit apparaat.".to_string()
                } else {
                    format!("{waiting}; ze blijven op dit apparaat bewaard.")
                }
            ),
            SyncProblem::Refused(message) => {
                format!("Niet opgeslagen op de server: {message} Je tekst blijft op dit apparaat.")
            }
            SyncProblem::Failing(_) if pending > 0 => {
                format!("Server niet bereikbaar · {waiting}")
            }
            _ if pending > 0 => waiting,
            _ if !synced_once || running => "Bezig met synchroniseren…".into(),
            _ => "Gesynchroniseerd".into(),
        }
    };
    match conflicts {
        0 => {}
        1 => text.push_str(" · 1 conflict: kies welke versie je houdt"),
        n => text.push_str(&format!(" · {n} conflicten: kies welke versie je houdt")),
    }
    text
}

#[component]
pub fn SyncStatus() -> impl IntoView {
    let store = use_store();
    let text = move || {
        if !store.ready.get() {
            return "Je portfolio wordt geladen…".to_string();
        }
        let sync = store.sync.get();
        let conflicts = store.read(|r| r.conflicts().len()).unwrap_or(0);
        status_text(
            store.online.get(),
            store.pending(),
            conflicts,
            &sync.problem,
            sync.synced_once,
            sync.running,
        )
    };
    let state = move || {
        let sync = store.sync.get();
        if !store.online.get() {
            "offline"
        } else if sync.problem != SyncProblem::None {
            "problem"
        } else if store.pending() > 0 {
            "pending"
        } else {
            "synced"
        }
    };
    view! {
        <div class="sync-status" data-state=state>
            <p role="status" data-testid="sync-status">{text}</p>
            {move || (store.sync.get().problem == SyncProblem::SignedOut).then(|| view! {
                <a class="button small" href="/inloggen">"Opnieuw inloggen"</a>
            })}
            {move || store.storage_error.get().map(|e| view! {
                <p class="notice error" role="alert">
                    {e}" Houd dit tabblad open tot je weer verbinding hebt."
                </p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        let none = SyncProblem::None;
        assert_eq!(
            status_text(true, 0, 0, &none, true, false),
            "Gesynchroniseerd"
        );
        assert!(status_text(false, 2, 0, &none, true, false).starts_with("Offline · 2"));
        assert_eq!(
            status_text(true, 3, 0, &none, true, false),
            "3 wijzigingen wachten op synchronisatie"
        );
        assert!(status_text(true, 0, 1, &none, true, false).contains("1 conflict"));
        assert!(
            status_text(true, 1, 0, &SyncProblem::SignedOut, true, false)
                .contains("log opnieuw in")
        );
    }
}
