//! The one sentence that always says where the person's work is. A
//! `role="status"` region, so screen readers hear changes without losing
//! their place.

use leptos::prelude::*;

use super::store::{use_store, SyncProblem};

fn who(name: &str) -> &str {
    if name.trim().is_empty() {
        "de vorige gebruiker"
    } else {
        name
    }
}

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
            SyncProblem::WrongAccount { name } => format!(
                "Niet gesynchroniseerd: op dit apparaat is intussen iemand anders ingelogd. \
                 Deze concepten zijn van {}; log in als {} om verder te gaan. {}",
                who(name),
                who(name),
                if pending == 0 {
                    "Ze blijven op dit apparaat bewaard.".to_string()
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
            {move || match store.sync.get().problem {
                SyncProblem::SignedOut => Some(view! {
                    <a class="button small" href="/inloggen">"Opnieuw inloggen"</a>
                }.into_any()),
                SyncProblem::WrongAccount { name } => Some(view! {
                    <a class="button small" href="/inloggen" data-testid="sign-in-as">
                        {format!("Inloggen als {}", who(&name))}
                    </a>
                }.into_any()),
                _ => None,
            }}
            {move || store.storage_error.get().map(|e| view! {
                <p class="notice error" role="alert" data-testid="storage-error">{e}</p>
            })}
            <QuarantineNotice/>
        </div>
    }
}

/// Local data this build could not read, set aside under its own key: the
/// person is told and can download it (to keep it or send it to the
/// bureau), and remove it from the device once it is safe.
#[component]
fn QuarantineNotice() -> impl IntoView {
    let store = use_store();
    move || {
        let entries = store.quarantined.get();
        (!entries.is_empty()).then(|| {
            view! {
                <div class="notice warn" role="region" aria-label="Onleesbare gegevens" data-testid="quarantine">
                    <p>
                        "Op dit apparaat stonden portfoliogegevens die deze versie van de app niet kan lezen "
                        "(van een andere versie, of beschadigd). Ze zijn apart gezet en worden niet overschreven. "
                        "Download ze om ze te bewaren of naar het bureau te sturen."
                    </p>
                    <ul>
                        {entries.into_iter().enumerate().map(|(i, (key, raw))| {
                            let href = export_href(&raw);
                            let file = format!("portfolio-gegevens-{}.json", i + 1);
                            let remove = move |_| {
                                #[cfg(feature = "hydrate")]
                                super::replica_store::remove_quarantined(&key);
                                #[cfg(not(feature = "hydrate"))]
                                let _ = &key;
                                store.quarantined.update(|q| { q.remove(i); });
                            };
                            view! {
                                <li class="button-row">
                                    <a class="button small" href=href download=file.clone()>{format!("Download {file}")}</a>
                                    <button type="button" class="button small secondary" on:click=remove>
                                        "Van dit apparaat verwijderen"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// A `data:` link of the raw text, so the download needs no server.
fn export_href(raw: &str) -> String {
    let mut out = String::from("data:application/json;charset=utf-8,");
    for byte in raw.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_keeps_the_raw_text() {
        assert_eq!(
            export_href("{\"a\": \"é\"}"),
            "data:application/json;charset=utf-8,%7B%22a%22%3A%20%22%C3%A9%22%7D"
        );
    }

    #[test]
    fn wrong_account_names_whose_drafts_these_are() {
        let problem = SyncProblem::WrongAccount { name: "Kim".into() };
        let text = status_text(true, 2, 0, &problem, true, false);
        assert!(text.contains("log in als Kim"), "{text}");
        assert!(text.contains("2 wijzigingen wachten"), "{text}");
        let nameless = SyncProblem::WrongAccount {
            name: String::new(),
        };
        assert!(status_text(true, 0, 0, &nameless, true, false).contains("de vorige gebruiker"));
    }

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
