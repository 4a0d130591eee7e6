//! `/beheer`: invitations, accounts with recovery links, the audit log. The
//! server decides who may use it; this page only shows what it answers.

use super::api;
use super::file_settings::FileSettingsPanel;
use super::format_date;
use super::session::{use_auth, AuthState};
use leptos::prelude::*;
use shared::api::accounts::Me as AccountRow;
use shared::api::auth::{
    Accounts, AuditEntry, AuditLog as AuditEntries, InvitationCreated, NewInvitation,
    RecoveryLinkIssued, SetRoles,
};
use shared::domain::Role;

#[component]
pub fn AdminPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <section class="panel">
            <h1>"Beheer"</h1>
            {move || match auth.get() {
                AuthState::SignedIn(me) if me.is_admin() => view! {
                    <Invitations/>
                    <Accounts/>
                    <FileSettingsPanel/>
                    <AuditLog/>
                }.into_any(),
                AuthState::SignedIn(_) => view! { <p>"Deze pagina is alleen voor beheerders."</p> }.into_any(),
                AuthState::Checking => view! { <p>"Even geduld…"</p> }.into_any(),
                _ => view! { <p><a href="/inloggen">"Log in"</a>" als beheerder."</p> }.into_any(),
            }}
        </section>
    }
}

/// The answer about a link: sent by e-mail, or shown to pass on by hand.
fn delivery_text(link: Option<String>) -> (String, Option<String>) {
    match link {
        Some(link) => (
            "Niet per e-mail verstuurd (geen e-mailserver ingesteld). Geef deze link zelf door:"
                .into(),
            Some(link),
        ),
        None => ("De link is per e-mail verstuurd.".into(), None),
    }
}

#[component]
fn Invitations() -> impl IntoView {
    let role = RwSignal::new(Role::Mentor);
    let email = RwSignal::new(String::new());
    let result = RwSignal::new(None::<(String, Option<String>)>);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        result.set(None);
        let body = NewInvitation {
            role: role.get_untracked(),
            email: Some(email.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::post_as::<_, InvitationCreated>("/api/admin/invitations", &body).await {
                Ok(answer) => result.set(Some(delivery_text(answer.link))),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section aria-labelledby="uitnodigen-titel">
            <h2 id="uitnodigen-titel">"Uitnodigen"</h2>
            <form class="form" on:submit=submit>
                <div class="field">
                    <label for="uitnodiging-rol">"Rol"</label>
                    <select id="uitnodiging-rol" on:change=move |ev| {
                        if let Some(r) = Role::parse(&event_target_value(&ev)) {
                            role.set(r);
                        }
                    }>
                        {INVITED_ROLES.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || role.get() == r>{r.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="uitnodiging-email">"E-mailadres (optioneel)"</label>
                    <input
                        id="uitnodiging-email"
                        type="email"
                        inputmode="email"
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </div>
                <p class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button primary">"Uitnodiging maken"</button>
            </form>
            {move || result.get().map(|(text, link)| view! {
                <div class="notice" role="status">
                    <p>{text}</p>
                    {link.map(|l| view! { <p><code class="link">{l}</code></p> })}
                </div>
            })}
        </section>
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let accounts = RwSignal::new(Vec::<AccountRow>::new());
    let result = RwSignal::new(None::<(String, Option<String>)>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::get_as::<Accounts>("/api/admin/accounts").await {
                Ok(list) => accounts.set(list.accounts),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let recovery_link = move |id: String| {
        result.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("/api/admin/accounts/{id}/recovery-link");
            match api::post_as::<_, RecoveryLinkIssued>(&path, &api::Empty {}).await {
                Ok(answer) => result.set(Some(delivery_text(answer.link))),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section aria-labelledby="accounts-titel">
            <h2 id="accounts-titel">"Accounts"</h2>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || result.get().map(|(text, link)| view! {
                <div class="notice" role="status">
                    <p>{text}</p>
                    {link.map(|l| view! { <p><code class="link">{l}</code></p> })}
                </div>
            })}
            <ul class="accounts">
                {move || accounts.get().into_iter().map(|a| {
                    let roles = RwSignal::new(a.roles.clone());
                    let id = a.id.clone();
                    view! {
                        <li>
                            <strong>{a.name.clone()}</strong>" · "{a.email.clone()}" · "
                            {move || roles.get().iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")}
                            <button
                                type="button"
                                class="button"
                                aria-label=format!("Herstellink maken voor {}", a.name)
                                on:click=move |_| recovery_link(id.clone())
                            >
                                "Herstellink maken"
                            </button>
                            <RolesEditor account=a roles/>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The roles an invitation offers, in the order of its list.
const INVITED_ROLES: [Role; 5] = [
    Role::Mentor,
    Role::Assessor,
    Role::Certifier,
    Role::Admin,
    Role::Candidate,
];

/// The roles in the order the screen shows them.
const ROLES: [Role; 5] = [
    Role::Candidate,
    Role::Mentor,
    Role::Assessor,
    Role::Certifier,
    Role::Admin,
];

/// The roles of one account, changed with checkboxes. The server keeps at
/// least one role per account and one admin overall, and says so in Dutch.
#[component]
fn RolesEditor(account: AccountRow, roles: RwSignal<Vec<Role>>) -> impl IntoView {
    let wanted = RwSignal::new(account.roles.clone());
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let prefix = format!("rollen-{}", account.id);
    let save = {
        let (id, name) = (account.id.clone(), account.name.clone());
        move |_| {
            let (id, name) = (id.clone(), name.clone());
            status.set(None);
            error.set(None);
            let body = SetRoles {
                roles: wanted.get_untracked(),
            };
            leptos::task::spawn_local(async move {
                let path = format!("/api/admin/accounts/{id}/roles");
                match api::put_as::<_, AccountRow>(&path, &body).await {
                    Ok(saved) => {
                        status.set(Some(format!("De rollen van {name} zijn opgeslagen.")));
                        roles.set(saved.roles);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    view! {
        <details class="roles-editor">
            <summary>{format!("Rollen van {} wijzigen", account.name)}</summary>
            <fieldset class="choice">
                <legend>"Rollen"</legend>
                {ROLES.into_iter().map(|role| {
                    let id = format!("{prefix}-{}", role.as_str());
                    view! {
                        <div class="field checkbox">
                            <input id=id.clone() type="checkbox"
                                prop:checked=move || wanted.with(|w| w.contains(&role))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    wanted.update(|w| {
                                        w.retain(|r| *r != role);
                                        if on { w.push(role) }
                                    });
                                }/>
                            <label for=id>{role.label()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <p role="status">{move || status.get()}</p>
            <button type="button" class="button secondary" on:click=save>"Rollen opslaan"</button>
        </details>
    }
}

fn event_label(event: &str) -> &str {
    match event {
        "sign_up" => "Account aangemaakt",
        "setup_completed" => "Beheer ingericht",
        "invitation_created" => "Uitnodiging gemaakt",
        "invitation_accepted" => "Uitnodiging aangenomen",
        "sign_in" => "Ingelogd",
        "sign_in_failed" => "Mislukte inlogpoging",
        "sign_out" => "Uitgelogd",
        "sign_out_everywhere" => "Overal uitgelogd",
        "passkey_added" => "Passkey toegevoegd",
        "passkey_renamed" => "Passkey hernoemd",
        "passkey_removed" => "Passkey verwijderd",
        "recovery_link_issued" => "Herstellink gemaakt",
        "recovery_used" => "Herstel gebruikt",
        "recovery_codes_renewed" => "Herstelcodes vernieuwd",
        "email_verified" => "E-mailadres bevestigd",
        "verification_mail_sent" => "Bevestigingslink opnieuw verstuurd",
        "role_granted" => "Rol gegeven",
        "role_revoked" => "Rol afgenomen",
        other => other,
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let rows = RwSignal::new(Vec::<AuditEntry>::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(log) = api::get_as::<AuditEntries>("/api/admin/audit?limit=50").await {
                rows.set(log.entries);
            }
        });
    });
    view! {
        <section aria-labelledby="audit-titel">
            <h2 id="audit-titel">"Auditlog"</h2>
            <ol class="audit-log">
                {move || rows.get().into_iter().map(|r| view! {
                    <li data-id=r.id>
                        <span class="meta">{format_date(r.at)}</span>" "
                        {event_label(&r.event).to_string()}
                        {r.actor_name.map(|n| format!(" · {n}"))}
                        {r.ip.map(|ip| format!(" · {ip}"))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
